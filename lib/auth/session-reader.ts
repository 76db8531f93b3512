import "server-only";
import { decode, getToken, type JWT } from "next-auth/jwt";
import type { AccountSummary } from "@/lib/accounts/profile";
import { getEnv, type ServerEnv } from "@/lib/env";
import { findSessionUser } from "./session";

// The signed-in user of a request, as `auth()` reports it to a server component or route
// handler, without the work `auth()` then throws away. `auth()` runs Auth.js's whole session
// endpoint: it mints a CSRF token, decrypts the session cookie, re-encrypts it with a later
// expiry, and drops the new cookie and the CSRF token, since it has no response to set them on.
// Under load that was the largest cost of a chat request. Here: read the cookie Auth.js would
// read, decrypt it (the same `decode` and salt), and apply the same checks as the `jwt` callback
// in config.ts (a subject, a live account, the current session version, a session id not
// signed out) against the database.

// Decrypting is pure: the same cookie always yields the same claims. Keeping recent results
// spares the key derivation and AES/HMAC on every request; revocation is still checked per
// request, against the database, by findSessionUser.
const decoded = new Map<string, { claims: JWT; expiresAtMs: number }>();
const MAX_DECODED = 10_000;

/** Mirrors Auth.js: `__Secure-` cookie names when its public URL is https. */
export function usesSecureCookies(headers: Headers, env: Pick<ServerEnv, "AUTH_URL">): boolean {
  if (env.AUTH_URL) return new URL(env.AUTH_URL).protocol === "https:";
  // trustHost is on (config.ts): Auth.js takes the protocol from x-forwarded-proto, else https.
  const protocol = headers.get("x-forwarded-proto") ?? "https";
  return (protocol.endsWith(":") ? protocol : `${protocol}:`) === "https:";
}

async function decodeCached(token: string, secret: string, salt: string): Promise<JWT | null> {
  const hit = decoded.get(token);
  if (hit && hit.expiresAtMs > Date.now()) return hit.claims;
  decoded.delete(token);
  const claims = await decode({ token, secret, salt }).catch(() => null);
  if (!claims?.exp) return claims;
  if (decoded.size >= MAX_DECODED) decoded.delete(decoded.keys().next().value as string);
  decoded.set(token, { claims, expiresAtMs: claims.exp * 1000 });
  return claims;
}

/** The verified claims of the request's session cookie (not yet checked against the database). */
export async function readSessionClaims({
  headers,
  env = getEnv(),
}: {
  headers: Headers;
  env?: Pick<ServerEnv, "AUTH_SECRET" | "AUTH_URL">;
}): Promise<JWT | null> {
  const secret = env.AUTH_SECRET;
  if (!secret) return null;
  const secureCookie = usesSecureCookies(headers, env);
  const cookieName = `${secureCookie ? "__Secure-" : ""}authjs.session-token`;
  // Only the cookie is handed over: `auth()` ignores Authorization headers, and so does this.
  const token = await getToken({
    req: { headers: { cookie: headers.get("cookie") ?? "" } },
    secret,
    secureCookie,
    cookieName,
    raw: true,
  });
  if (!token) return null;
  const claims = await decodeCached(token, secret, cookieName);
  return claims?.sub ? claims : null;
}

export async function readSessionUser({
  headers,
  env = getEnv(),
}: {
  headers: Headers;
  env?: Pick<ServerEnv, "AUTH_SECRET" | "AUTH_URL">;
}): Promise<AccountSummary | null> {
  const claims = await readSessionClaims({ headers, env });
  if (!claims?.sub) return null;
  return findSessionUser({
    userId: claims.sub,
    sessionVersion: claims.sessionVersion ?? 0,
    sessionId: claims.sid,
  });
}
