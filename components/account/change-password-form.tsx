"use client";

import { changePasswordAction } from "@/app/(chat)/settings/account/actions";
import { FormField } from "@/components/ui/form-field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { useValidatedAction } from "@/components/ui/use-validated-action";
import { changePasswordSchema, limits } from "@/lib/accounts/schemas";

export function ChangePasswordForm({ notice }: { notice?: string }) {
  const { state, formAction, isPending, onSubmit, errorFor } = useValidatedAction(
    changePasswordAction,
    changePasswordSchema,
  );
  const shown = state.status === "idle" && notice ? { status: "success" as const, message: notice } : state;
  return (
    <form
      aria-label="Change password"
      action={formAction}
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-4 rounded-lg border border-border p-4"
    >
      <FormMessage state={shown} />
      <FormField
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        maxLength={limits.passwordMax}
        hint="Leave empty if you have only signed in with GitHub or Google."
        error={errorFor("currentPassword")}
      />
      <FormField
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={limits.passwordMin}
        maxLength={limits.passwordMax}
        hint={`At least ${limits.passwordMin} characters.`}
        error={errorFor("newPassword")}
      />
      <SubmitButton isPending={isPending}>Change password</SubmitButton>
    </form>
  );
}
