"use client";

import Link from "next/link";
import { signInAction } from "@/app/(auth)/actions";
import { FormField } from "@/components/ui/form-field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { useValidatedAction } from "@/components/ui/use-validated-action";
import { limits, signInSchema } from "@/lib/accounts/schemas";

export function SignInForm({ callbackUrl, notice }: { callbackUrl: string; notice?: string }) {
  const { state, formAction, isPending, onSubmit, errorFor } = useValidatedAction(signInAction, signInSchema);
  const shown = state.status === "idle" && notice ? { status: "error" as const, message: notice } : state;
  return (
    <form
      aria-label="Sign in"
      action={formAction}
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-4"
    >
      <FormMessage state={shown} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormField
        name="identifier"
        label="Email or username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        maxLength={limits.emailMax}
        defaultValue={state.values?.identifier}
        error={errorFor("identifier")}
      />
      <FormField
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        maxLength={limits.passwordMax}
        error={errorFor("password")}
      />
      <SubmitButton isPending={isPending}>Sign in</SubmitButton>
      <p className="text-sm text-muted-foreground">
        New to Parley?{" "}
        <Link href="/sign-up" className="font-medium text-foreground underline underline-offset-4">
          Create an account
        </Link>
      </p>
    </form>
  );
}
