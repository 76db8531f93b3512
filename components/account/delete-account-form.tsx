"use client";

import { deleteAccountAction } from "@/app/(chat)/settings/account/actions";
import { HandleField, PasswordField } from "@/components/account/account-fields";
import { SubmitButton } from "@/components/ui/submit-button";
import { useValidatedAction } from "@/components/ui/use-validated-action";
import { ValidatedForm } from "@/components/ui/validated-form";
import { deleteAccountSchema } from "@/lib/accounts/schemas";

export function DeleteAccountForm({ username }: { username: string }) {
  const form = useValidatedAction(deleteAccountAction, deleteAccountSchema);
  return (
    <ValidatedForm label="Delete account" form={form}>
      <HandleField
        {...form.field("confirmUsername")}
        defaultValue={undefined}
        label={`Type ${username} to confirm`}
        autoComplete="off"
      />
      <PasswordField {...form.field("password")} label="Your password" />
      <SubmitButton isPending={form.isPending} variant="danger">
        Delete account
      </SubmitButton>
    </ValidatedForm>
  );
}
