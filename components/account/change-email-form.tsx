"use client";

import { changeEmailAction } from "@/app/(chat)/settings/account/actions";
import { EmailField, PasswordField } from "@/components/account/account-fields";
import { SubmitButton } from "@/components/ui/submit-button";
import { useValidatedAction } from "@/components/ui/use-validated-action";
import { ValidatedForm } from "@/components/ui/validated-form";
import { changeEmailSchema } from "@/lib/accounts/schemas";

export function ChangeEmailForm({ email }: { email: string }) {
  const form = useValidatedAction(changeEmailAction, changeEmailSchema);
  const field = form.field("email");
  return (
    <ValidatedForm label="Change email" form={form} className="rounded-lg border border-border p-4">
      <EmailField {...field} defaultValue={field.defaultValue ?? email} />
      <PasswordField {...form.field("password")} hint="Confirms it is you." />
      <SubmitButton isPending={form.isPending}>Change email</SubmitButton>
    </ValidatedForm>
  );
}
