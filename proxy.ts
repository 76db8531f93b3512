import { type NextRequest, NextResponse } from "next/server";
import { getEnv } from "@/lib/env";
import { buildContentSecurityPolicy, createNonce } from "@/lib/http/csp";
import { getRealtimeConnectSources } from "@/lib/realtime/config";

// Sets a fresh CSP nonce on every page request. Authorization never lives here: every
// route handler and server action checks the session itself.
export function proxy(request: NextRequest) {
  const env = getEnv();
  const nonce = createNonce();
  const csp = buildContentSecurityPolicy({
    nonce,
    isDev: env.NODE_ENV === "development",
    connectSources: getRealtimeConnectSources(env),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api|_next/static|_next/image|favicon.ico|icon.svg|manifest.webmanifest).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
