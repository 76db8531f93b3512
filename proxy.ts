import { type NextRequest, NextResponse } from "next/server";
import { hasSessionToken } from "@/lib/auth/proxy-session";
import { getEnv } from "@/lib/env";
import { buildContentSecurityPolicy, createNonce } from "@/lib/http/csp";
import { getRealtimeConnectSources } from "@/lib/realtime/config";

const PUBLIC_PAGES = new Set(["/sign-in", "/sign-up"]);
// Files from public/ (service worker, icons) are served to signed-out visitors too.
const STATIC_FILE = /\.[a-z0-9]+$/i;

// Sets a fresh CSP nonce on every page request and sends signed-out visitors of app pages to
// the sign-in page. That redirect is a convenience, not the authorization: every page, route
// handler and server action checks the session itself.
export async function proxy(request: NextRequest) {
  const env = getEnv();
  const { pathname, search } = request.nextUrl;
  const needsSession = !PUBLIC_PAGES.has(pathname) && !STATIC_FILE.test(pathname);
  if (needsSession && !(await hasSessionToken(request, env))) {
    const signIn = request.nextUrl.clone();
    signIn.pathname = "/sign-in";
    signIn.search = "";
    signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(signIn);
  }

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
