import "server-only";
import type { NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { signInSchema } from "@/lib/accounts/schemas";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { getAuthLimiters, getClientIp } from "@/lib/rate-limit";
import { createAuthAdapter } from "./adapter";
import { authenticateWithPassword } from "./authenticate";
import { InvalidCredentials, SignInRateLimited } from "./errors";
import { configuredOAuthProviders } from "./providers";
import { newSessionId, SESSION_MAX_AGE_S } from "./revoke";
import { findSessionUser } from "./session";

async function authorizePassword(credentials: Partial<Record<string, unknown>>, request: Request) {
  const parsed = signInSchema.safeParse(credentials);
  if (!parsed.success) throw new InvalidCredentials();
  try {
    return await authenticateWithPassword({
      db: getDb(),
      limiters: getAuthLimiters(),
      identifier: parsed.data.identifier,
      password: parsed.data.password,
      ip: getClientIp(request.headers),
    });
  } catch (error) {
    if (isAppError(error) && error.kind === "rate_limited") {
      throw new SignInRateLimited(error.message, error.retryAfter ?? 1);
    }
    if (isAppError(error) && error.kind === "unauthorized") throw new InvalidCredentials();
    throw error;
  }
}

/** Built per request so that configuration is read at run time, never at build time. */
export function buildAuthConfig(): NextAuthConfig {
  const env = getEnv();
  const db = getDb();
  const oauth = configuredOAuthProviders(env).map(({ id, clientId, clientSecret }) =>
    id === "github" ? GitHub({ clientId, clientSecret }) : Google({ clientId, clientSecret }),
  );
  return {
    secret: env.AUTH_SECRET,
    // The app always runs behind scripts/start.ts (and often a TLS proxy): the Host and
    // X-Forwarded-* headers it receives are the public ones.
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    adapter: createAuthAdapter(db),
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      Credentials({
        credentials: {
          identifier: { label: "Email or username" },
          password: { label: "Password", type: "password" },
        },
        authorize: authorizePassword,
      }),
      ...oauth,
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user?.id) {
          token.sub = user.id;
          token.sessionVersion = user.sessionVersion ?? 0;
          token.sid = newSessionId();
        }
        if (!token.sub) return null;
        // Checked on every read, so a password change or deletion ends other sessions at once.
        const current = await findSessionUser({
          userId: token.sub,
          sessionVersion: token.sessionVersion ?? 0,
          sessionId: token.sid,
        });
        if (!current) return null;
        token.name = current.displayName;
        token.username = current.username;
        token.picture = current.avatar;
        return token;
      },
      session({ session, token }) {
        session.user.id = token.sub ?? "";
        session.user.username = token.username ?? "";
        session.user.displayName = token.name ?? "";
        session.user.avatar = token.picture ?? null;
        return session;
      },
    },
    logger: {
      // A wrong password is an expected outcome, not a server error worth a stack trace.
      error(error) {
        if ((error as { type?: string }).type === "CredentialsSignin") return;
        console.error(error);
      },
    },
  };
}
