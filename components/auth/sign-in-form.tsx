"use client";

import Link from "next/link";
import { signInAction } from "@/app/(auth)/actions";
import { HandleField, PasswordField } from "@/components/account/account-fields";
import { SubmitButton } from "@/components/ui/submit-button";
import { useValidatedAction } from "@/components/ui/use-validated-action";
import { ValidatedForm } from "@/components/ui/validated-form";
import { limits, signInSchema } from "@/lib/accounts/schemas";

export function SignInForm({ callbackUrl, notice }: { callbackUrl: string; notice?: string }) {
  const form = useValidatedAction(signInAction, signInSchema);
  return (
    <ValidatedForm
      label="Sign in"
      form={form}
      notice={notice ? { status: "error", message: notice } : undefined}
    >
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <HandleField {...form.field("identifier")} label="Email or username" maxLength={limits.emailMax} />
      <PasswordField {...form.field("password")} required />
      <SubmitButton isPending={form.isPending}>Sign in</SubmitButton>
      <p className="text-sm text-muted-foreground">
        New to Parley?{" "}
        <Link href="/sign-up" className="font-medium text-foreground underline underline-offset-4">
          Create an account
        </Link>
      </p>
    </ValidatedForm>
  );
}
