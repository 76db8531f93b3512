import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { OAuthButtons } from "@/components/auth/oauth-buttons";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { configuredOAuthProviders } from "@/lib/auth/providers";
import { getCurrentUser } from "@/lib/auth/require-user";
import { signInNotice } from "@/lib/auth/sign-in-notice";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(first(params.callbackUrl));
  if (await getCurrentUser()) redirect(callbackUrl);
  const providers = configuredOAuthProviders(getEnv()).map(({ id, name }) => ({ id, name }));
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      <SignInForm callbackUrl={callbackUrl} notice={signInNotice(first(params.error))} />
      <OAuthButtons providers={providers} callbackUrl={callbackUrl} />
    </div>
  );
}
