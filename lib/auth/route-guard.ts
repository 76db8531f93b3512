import "server-only";
import { getDb } from "@/lib/db";
import { errorResponse } from "@/lib/errors";
import { getAuthLimiters, getClientIp, rateLimitedError } from "@/lib/rate-limit";
import { msUntilSignInAllowed } from "./authenticate";

/** A 429 response for a credentials callback whose account or address is out of attempts. */
export async function refuseRateLimitedSignIn(request: Request): Promise<Response | undefined> {
  if (!new URL(request.url).pathname.endsWith("/callback/credentials")) return undefined;
  const form = await request
    .clone()
    .formData()
    .catch(() => undefined);
  const identifier = form?.get("identifier");
  const wait = await msUntilSignInAllowed({
    db: getDb(),
    limiters: getAuthLimiters(),
    identifier: typeof identifier === "string" ? identifier : "",
    ip: getClientIp(request.headers),
  });
  return wait > 0 ? errorResponse(rateLimitedError("rate_limited:sign_in", wait)) : undefined;
}
