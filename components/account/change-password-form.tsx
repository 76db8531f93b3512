"use client";

import { changePasswordAction } from "@/app/(chat)/settings/account/actions";
import { PasswordField } from "@/components/account/account-fields";
import { SubmitButton } from "@/components/ui/submit-button";
import { useValidatedAction } from "@/components/ui/use-validated-action";
import { ValidatedForm } from "@/components/ui/validated-form";
import { changePasswordSchema, limits } from "@/lib/accounts/schemas";

export function ChangePasswordForm({ notice }: { notice?: string }) {
  const form = useValidatedAction(changePasswordAction, changePasswordSchema);
  return (
    <ValidatedForm
      label="Change password"
      form={form}
      notice={notice ? { status: "success", message: notice } : undefined}
      className="rounded-lg border border-border p-4"
    >
      <PasswordField
        {...form.field("currentPassword")}
        label="Current password"
        hint="Leave empty if you have only signed in with GitHub or Google."
      />
      <PasswordField
        {...form.field("newPassword")}
        label="New password"
        isNew
        required
        hint={`At least ${limits.passwordMin} characters.`}
      />
      <SubmitButton isPending={form.isPending}>Change password</SubmitButton>
    </ValidatedForm>
  );
}
