import { type NextRequest, NextResponse } from "next/server";
import { hasSessionToken } from "@/lib/auth/proxy-session";
import { getEnv } from "@/lib/env";
import { getUploadthingCspSources } from "@/lib/files/uploadthing/csp-sources";
import { buildContentSecurityPolicy, createNonce } from "@/lib/http/csp";
import { refuseForeignServerAction, refuseUnparsableFormPost } from "@/lib/http/page-post";
import { getRealtimeConnectSources } from "@/lib/realtime/config";

const PUBLIC_PAGES = new Set(["/sign-in", "/sign-up"]);
// Files from public/ (service worker, icons) are served to signed-out visitors too.
const STATIC_FILE = /\.[a-z0-9]+$/i;

// Sets a fresh CSP nonce on every page request (prefetches and RSC requests included: every
// answer carries the policy) and sends signed-out visitors of app pages to the sign-in page.
// That redirect is a convenience, not the authorization: every page, route handler and server
// action checks the session itself.
export async function proxy(request: NextRequest) {
  const refused = refuseForeignServerAction(request) ?? (await refuseUnparsableFormPost(request));
  if (refused) return refused;
  const env = getEnv();
  const { pathname, search } = request.nextUrl;
  const nonce = createNonce();
  const uploadthing = getUploadthingCspSources(env);
  const csp = buildContentSecurityPolicy({
    nonce,
    isDev: env.NODE_ENV === "development",
    connectSources: [...getRealtimeConnectSources(env), ...uploadthing.connect],
    fileSources: uploadthing.files,
  });
  const needsSession = !PUBLIC_PAGES.has(pathname) && !STATIC_FILE.test(pathname);
  if (needsSession && !(await hasSessionToken(request, env))) {
    const signIn = request.nextUrl.clone();
    signIn.pathname = "/sign-in";
    signIn.search = "";
    signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
    const redirect = NextResponse.redirect(signIn);
    redirect.headers.set("Content-Security-Policy", csp);
    return redirect;
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

// Not for /api (route handlers never render a page, and Next would hold a copy of every request
// body while the proxy runs) nor build assets; those get a fixed policy from next.config.ts
// (lib/http/security-headers.ts, UNPROXIED_SOURCES), so the two lists must stay in step.
export const config = {
  matcher: [
    "/((?!api(?:/|$)|_next/static/|_next/image(?:/|$)|favicon\\.ico$|icon\\.svg$|manifest\\.webmanifest$).*)",
  ],
};
