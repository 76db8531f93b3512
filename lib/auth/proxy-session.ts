import { getToken } from "next-auth/jwt";
import type { ServerEnv } from "@/lib/env";

/**
 * Whether the request carries a session token that verifies. Only a first, cheap gate for
 * redirecting signed-out visitors: it cannot see a bumped session version or a deleted account,
 * which is why every page, action and route checks `requireUser()` itself.
 */
export async function hasSessionToken(request: Request, env: ServerEnv): Promise<boolean> {
  const secret = env.AUTH_SECRET;
  if (!secret) return false;
  // Auth.js names the cookie __Secure-… when the public URL is https; accept either name.
  for (const secureCookie of [true, false]) {
    const token = await getToken({ req: request, secret, secureCookie });
    if (token?.sub) return true;
  }
  return false;
}
