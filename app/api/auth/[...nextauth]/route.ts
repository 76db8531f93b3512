// GET/POST /api/auth/* — Auth.js (sign-in callbacks, OAuth redirects, session, sign-out)
import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth";
import { refuseRateLimitedSignIn } from "@/lib/auth/route-guard";

export const { GET } = handlers;

export async function POST(request: NextRequest) {
  // Scripts posting credentials straight to the callback get a real 429 rather than Auth.js's
  // generic error redirect; the limits themselves are enforced inside `authorize`.
  return (await refuseRateLimitedSignIn(request)) ?? handlers.POST(request);
}
