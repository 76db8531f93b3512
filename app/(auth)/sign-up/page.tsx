import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { OAuthButtons } from "@/components/auth/oauth-buttons";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { configuredOAuthProviders } from "@/lib/auth/providers";
import { getCurrentUser } from "@/lib/auth/require-user";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage() {
  if (await getCurrentUser()) redirect("/");
  const providers = configuredOAuthProviders(getEnv()).map(({ id, name }) => ({ id, name }));
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Create your account</h1>
      <SignUpForm />
      <OAuthButtons providers={providers} callbackUrl="/" />
    </div>
  );
}
