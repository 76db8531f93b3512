"use client";

import Link from "next/link";
import { signUpAction } from "@/app/(auth)/actions";
import { FormField } from "@/components/ui/form-field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { useValidatedAction } from "@/components/ui/use-validated-action";
import { limits, signUpSchema } from "@/lib/accounts/schemas";

export function SignUpForm() {
  const { state, formAction, isPending, onSubmit, errorFor } = useValidatedAction(signUpAction, signUpSchema);
  return (
    <form
      aria-label="Create account"
      action={formAction}
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-4"
    >
      <FormMessage state={state} />
      <FormField
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        maxLength={limits.emailMax}
        defaultValue={state.values?.email}
        error={errorFor("email")}
      />
      <FormField
        name="username"
        label="Username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        minLength={limits.usernameMin}
        maxLength={limits.usernameMax}
        hint="3–32 letters, digits or underscores. Others see you as @username."
        defaultValue={state.values?.username}
        error={errorFor("username")}
      />
      <FormField
        name="displayName"
        label="Display name"
        autoComplete="name"
        required
        maxLength={limits.displayNameMax}
        defaultValue={state.values?.displayName}
        error={errorFor("displayName")}
      />
      <FormField
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        minLength={limits.passwordMin}
        maxLength={limits.passwordMax}
        hint={`At least ${limits.passwordMin} characters. A few unrelated words work well.`}
        error={errorFor("password")}
      />
      <SubmitButton isPending={isPending}>Create account</SubmitButton>
      <p className="text-sm text-muted-foreground">
        Already have an account?{" "}
        <Link href="/sign-in" className="font-medium text-foreground underline underline-offset-4">
          Sign in
        </Link>
      </p>
    </form>
  );
}
