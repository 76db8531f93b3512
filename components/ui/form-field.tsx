import { type ComponentProps, useId } from "react";
import { cn } from "@/lib/utils";

export type FormFieldProps = Omit<ComponentProps<"input">, "id" | "name"> & {
  name: string;
  label: string;
  error?: string;
  hint?: string;
};

/** A labelled input whose error and hint are announced with it (aria-describedby). */
export function FormField({ name, label, error, hint, className, ...props }: FormFieldProps) {
  // Unique per instance: one page can hold several forms with a "password" field.
  const id = `${useId()}${name}`;
  const describedBy = [error ? `${id}-error` : undefined, hint ? `${id}-hint` : undefined]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        className={cn(
          "h-10 w-full rounded-md border border-border bg-background px-3 text-base outline-none sm:text-sm",
          "focus-visible:ring-2 focus-visible:ring-ring aria-[invalid=true]:border-danger",
          className,
        )}
        {...props}
      />
      {hint && !error ? (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
