import type { FormState } from "@/lib/accounts/form-state";
import { cn } from "@/lib/utils";

/**
 * The form-level message. The live region is always in the page so screen readers announce
 * the text when it appears; errors are assertive, confirmations polite.
 */
export function FormMessage({ state }: { state: FormState }) {
  const isError = state.status === "error";
  return (
    <div
      role={isError ? "alert" : "status"}
      aria-live={isError ? "assertive" : "polite"}
      className={cn(
        "rounded-md text-sm empty:hidden",
        state.message && "border px-3 py-2",
        isError ? "border-danger/40 bg-danger/10 text-danger" : "border-border bg-muted text-foreground",
      )}
    >
      {state.message}
    </div>
  );
}
