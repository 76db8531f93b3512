"use client";

import { deleteAccountAction } from "@/app/(chat)/settings/account/actions";
import { FormField } from "@/components/ui/form-field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { useValidatedAction } from "@/components/ui/use-validated-action";
import { deleteAccountSchema, limits } from "@/lib/accounts/schemas";

export function DeleteAccountForm({ username }: { username: string }) {
  const { state, formAction, isPending, onSubmit, errorFor } = useValidatedAction(
    deleteAccountAction,
    deleteAccountSchema,
  );
  return (
    <form
      aria-label="Delete account"
      action={formAction}
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-4"
    >
      <FormMessage state={state} />
      <FormField
        name="confirmUsername"
        label={`Type ${username} to confirm`}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        required
        maxLength={limits.usernameMax}
        error={errorFor("confirmUsername")}
      />
      <FormField
        name="password"
        label="Your password"
        type="password"
        autoComplete="current-password"
        maxLength={limits.passwordMax}
        error={errorFor("password")}
      />
      <SubmitButton isPending={isPending} variant="danger">
        Delete account
      </SubmitButton>
    </form>
  );
}
