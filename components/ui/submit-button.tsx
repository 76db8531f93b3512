"use client";

import { Loader2 } from "lucide-react";
import type { ComponentProps, ReactNode } from "react";
import { Button } from "@/components/ui/button";

/** Disabled with a spinner while its form's action runs, so a double click cannot submit twice. */
export function SubmitButton({
  isPending,
  variant,
  children,
}: {
  isPending: boolean;
  variant?: ComponentProps<typeof Button>["variant"];
  children: ReactNode;
}) {
  return (
    <Button
      type="submit"
      variant={variant}
      disabled={isPending}
      aria-busy={isPending || undefined}
      className="w-full sm:w-auto"
    >
      {isPending ? <Loader2 aria-hidden className="size-4 animate-spin" /> : null}
      {children}
    </Button>
  );
}
