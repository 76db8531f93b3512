import fs from "node:fs";
import path from "node:path";
import type { BrowserContext } from "@playwright/test";
import { decode, encode } from "next-auth/jwt";

// Over plain http (the e2e server) Auth.js uses the unprefixed cookie name, which is also the salt.
export const SESSION_COOKIE = "authjs.session-token";

/** The secret the e2e server signs sessions with (explicit with DATABASE_URL, else generated under its data folder). */
function authSecret(): string {
  if (process.env.DATABASE_URL) return "e2e-auth-secret-0123456789abcdef0123456789";
  const dataDir = process.env.E2E_DATA_DIR;
  if (!dataDir) throw new Error("E2E_DATA_DIR is not set: run through playwright.config.ts");
  const secrets = JSON.parse(fs.readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as {
    authSecret: string;
  };
  return secrets.authSecret;
}

export async function sessionCookie(context: BrowserContext) {
  const cookie = (await context.cookies()).find((candidate) => candidate.name === SESSION_COOKIE);
  if (!cookie) throw new Error("No session cookie: sign in first");
  return cookie;
}

/** Re-signs the context's own session, correctly, but with `maxAge` seconds of life (negative: already expired). */
export async function resignSession(context: BrowserContext, maxAge: number): Promise<string> {
  const cookie = await sessionCookie(context);
  const secret = authSecret();
  const token = await decode({ token: cookie.value, secret, salt: SESSION_COOKIE });
  if (!token) throw new Error("The session cookie did not decode with the e2e secret");
  const { exp: _exp, iat: _iat, jti: _jti, ...claims } = token;
  return encode({ token: claims, secret, salt: SESSION_COOKIE, maxAge });
}
