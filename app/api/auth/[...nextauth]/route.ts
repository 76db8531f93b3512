// GET/POST /api/auth/* — Auth.js (sign-in callbacks, OAuth redirects, session, sign-out)
// No origin check here: Auth.js protects its own POSTs (a double-submit CSRF token on sign-in,
// sign-out, session updates and the credentials callback; state/PKCE on OAuth callbacks).
import { NextRequest } from "next/server";
import { handlers } from "@/lib/auth";
import { refuseRateLimitedSignIn } from "@/lib/auth/route-guard";
import { errorResponse } from "@/lib/errors";
import { assertUsableCallbackUrls } from "@/lib/http/auth-callback-url";
import { readBodyBytes } from "@/lib/http/read-body";

// A credentials form or a session update is a few hundred bytes.
const MAX_AUTH_BODY = 64 * 1024;

export async function GET(request: NextRequest) {
  try {
    assertUsableCallbackUrls(request);
  } catch (error) {
    return errorResponse(error);
  }
  return handlers.GET(request);
}

export async function POST(request: NextRequest) {
  let bounded: NextRequest;
  try {
    assertUsableCallbackUrls(request);
    // Auth.js reads the whole body as it comes: hand it one read within a bound.
    const body = await readBodyBytes(request, { maxBytes: MAX_AUTH_BODY });
    bounded = new NextRequest(request.url, { method: "POST", headers: request.headers, body });
  } catch (error) {
    return errorResponse(error);
  }
  // Scripts posting credentials straight to the callback get a real 429 rather than Auth.js's
  // generic error redirect; the limits themselves are enforced inside `authorize`.
  return (await refuseRateLimitedSignIn(bounded)) ?? handlers.POST(bounded);
}
