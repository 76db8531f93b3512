import type { ServerEnv } from "@/lib/env";

export interface OAuthProviderInfo {
  id: "github" | "google";
  name: string;
  clientId: string;
  clientSecret: string;
}

/** OAuth providers offered on this install: exactly those with both an id and a secret set. */
export function configuredOAuthProviders(env: ServerEnv): OAuthProviderInfo[] {
  const providers: OAuthProviderInfo[] = [];
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) {
    providers.push({
      id: "github",
      name: "GitHub",
      clientId: env.AUTH_GITHUB_ID,
      clientSecret: env.AUTH_GITHUB_SECRET,
    });
  }
  if (env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) {
    providers.push({
      id: "google",
      name: "Google",
      clientId: env.AUTH_GOOGLE_ID,
      clientSecret: env.AUTH_GOOGLE_SECRET,
    });
  }
  return providers;
}
