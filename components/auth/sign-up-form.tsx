"use client";

import Link from "next/link";
import { signUpAction } from "@/app/(auth)/actions";
import {
  DisplayNameField,
  EmailField,
  HandleField,
  PasswordField,
} from "@/components/account/account-fields";
import { SubmitButton } from "@/components/ui/submit-button";
import { useValidatedAction } from "@/components/ui/use-validated-action";
import { ValidatedForm } from "@/components/ui/validated-form";
import { limits, signUpSchema } from "@/lib/accounts/schemas";

export function SignUpForm() {
  const form = useValidatedAction(signUpAction, signUpSchema);
  return (
    <ValidatedForm label="Create account" form={form}>
      <EmailField {...form.field("email")} />
      <HandleField
        {...form.field("username")}
        minLength={limits.usernameMin}
        hint="3–32 letters, digits or underscores. Others see you as @username."
      />
      <DisplayNameField {...form.field("displayName")} />
      <PasswordField
        {...form.field("password")}
        isNew
        required
        hint={`At least ${limits.passwordMin} characters. A few unrelated words work well.`}
      />
      <SubmitButton isPending={form.isPending}>Create account</SubmitButton>
      <p className="text-sm text-muted-foreground">
        Already have an account?{" "}
        <Link href="/sign-in" className="font-medium text-foreground underline underline-offset-4">
          Sign in
        </Link>
      </p>
    </ValidatedForm>
  );
}
