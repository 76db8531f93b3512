"use client";

import { type FormEvent, startTransition, useActionState, useState } from "react";
import type { z } from "zod";
import { type FormState, idleFormState } from "@/lib/accounts/form-state";
import { fieldErrors } from "@/lib/field-errors";

/**
 * Runs a server action from a form after checking it with the same zod schema the action uses,
 * so most mistakes are shown without a round trip. Forms pass both: `action={formAction}` so a
 * submit before hydration still POSTs to the action (never a GET with the password in the URL),
 * and `onSubmit`, which takes over once hydrated; submitting from onSubmit also keeps what was
 * typed when the server refuses it (React resets forms after an `action` submit).
 */
export function useValidatedAction(
  action: (state: FormState, formData: FormData) => Promise<FormState>,
  schema: z.ZodType,
) {
  const [state, formAction, isPending] = useActionState(action, idleFormState);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    const result = schema.safeParse(Object.fromEntries(formData));
    const errors = result.success ? {} : fieldErrors(result.error);
    setClientErrors(errors);
    const firstInvalid = Object.keys(errors)[0];
    if (firstInvalid) {
      event.currentTarget.querySelector<HTMLElement>(`[name="${firstInvalid}"]`)?.focus();
      return;
    }
    startTransition(() => formAction(formData));
  }

  const errorFor = (name: string) => clientErrors[name] ?? (isPending ? undefined : state.fields?.[name]);
  /** A field's name, its error and what was typed in it before a refusal: spread onto a FormField. */
  const field = (name: string) => ({ name, error: errorFor(name), defaultValue: state.values?.[name] });
  return { state, formAction, isPending, onSubmit, errorFor, field };
}

export type ValidatedAction = ReturnType<typeof useValidatedAction>;
