"use server";

import { headers } from "next/headers";
import { createAccount } from "@/lib/accounts/create-account";
import type { FormState } from "@/lib/accounts/form-state";
import { signInSchema, signUpSchema } from "@/lib/accounts/schemas";
import { signIn, signOut } from "@/lib/auth";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { publicSignInError } from "@/lib/auth/errors";
import { formAction, formFields } from "@/lib/auth/form-action";
import { configuredOAuthProviders } from "@/lib/auth/providers";
import { revokeCurrentSession } from "@/lib/auth/revoke";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getAuthLimiters, getClientIp } from "@/lib/rate-limit";

export async function signInAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = { identifier: String(formData.get("identifier") ?? "") };
  const fields = formFields(formData, ["identifier", "password"]);
  return formAction(
    signInSchema,
    fields,
    async (input) => {
      try {
        // Redirects (throws) on success; the credentials are checked and limited in `authorize`.
        await signIn("credentials", { ...input, redirectTo: safeCallbackUrl(formData.get("callbackUrl")) });
      } catch (error) {
        const message = publicSignInError(error);
        if (message) return { status: "error", message, values };
        throw error;
      }
      return { status: "idle" };
    },
    values,
  );
}

export async function signUpAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const raw = formFields(formData, ["email", "username", "displayName", "password"]);
  const { password: _password, ...echo } = raw;
  const values = Object.fromEntries(Object.entries(echo).map(([k, v]) => [k, String(v ?? "")]));
  return formAction(
    signUpSchema,
    raw,
    async (input) => {
      const ip = getClientIp(await headers());
      await createAccount({ limiters: getAuthLimiters(), input, ip });
      try {
        await signIn("credentials", { identifier: input.email, password: input.password, redirectTo: "/" });
      } catch (error) {
        // The account exists now; only the automatic sign-in was refused (e.g. this address is out
        // of sign-in attempts). Say so rather than failing the whole form.
        const message = publicSignInError(error);
        if (message)
          return { status: "error", message: `Your account was created, but signing in failed: ${message}` };
        throw error;
      }
      return { status: "idle" };
    },
    values,
  );
}

export async function signOutAction(): Promise<void> {
  // Clearing the cookie is not enough: a copy of it would still verify until it expires.
  await revokeCurrentSession({ headers: await headers() });
  await signOut({ redirectTo: "/sign-in" });
}

export async function oauthSignInAction(formData: FormData): Promise<void> {
  const provider = formData.get("provider");
  const offered = configuredOAuthProviders(getEnv()).map((p) => p.id as string);
  if (typeof provider !== "string" || !offered.includes(provider)) throw new AppError("invalid:provider");
  await signIn(provider, { redirectTo: safeCallbackUrl(formData.get("callbackUrl")) });
}
