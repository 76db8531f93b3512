"use client";

import { changeEmailAction } from "@/app/(chat)/settings/account/actions";
import { FormField } from "@/components/ui/form-field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { useValidatedAction } from "@/components/ui/use-validated-action";
import { changeEmailSchema, limits } from "@/lib/accounts/schemas";

export function ChangeEmailForm({ email }: { email: string }) {
  const { state, formAction, isPending, onSubmit, errorFor } = useValidatedAction(
    changeEmailAction,
    changeEmailSchema,
  );
  return (
    <form
      aria-label="Change email"
      action={formAction}
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-4 rounded-lg border border-border p-4"
    >
      <FormMessage state={state} />
      <FormField
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        maxLength={limits.emailMax}
        defaultValue={state.values?.email ?? email}
        error={errorFor("email")}
      />
      <FormField
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        maxLength={limits.passwordMax}
        hint="Confirms it is you."
        error={errorFor("password")}
      />
      <SubmitButton isPending={isPending}>Change email</SubmitButton>
    </form>
  );
}
