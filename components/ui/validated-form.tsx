"use client";

import type { ReactNode } from "react";
import type { FormState } from "@/lib/accounts/form-state";
import { cn } from "@/lib/utils";
import { FormMessage } from "./form-message";
import type { ValidatedAction } from "./use-validated-action";

/**
 * A form run by useValidatedAction: named for assistive tech, posting to the action before
 * hydration and checked in the browser after, with its message above the fields. `notice` stands
 * in for the message until the form is first sent (a confirmation carried over a redirect).
 */
export function ValidatedForm({
  label,
  form,
  notice,
  className,
  children,
}: {
  label: string;
  form: ValidatedAction;
  notice?: FormState;
  className?: string;
  children: ReactNode;
}) {
  const shown = form.state.status === "idle" && notice ? notice : form.state;
  return (
    <form
      aria-label={label}
      action={form.formAction}
      onSubmit={form.onSubmit}
      noValidate
      className={cn("flex flex-col gap-4", className)}
    >
      <FormMessage state={shown} />
      {children}
    </form>
  );
}
