import { encode } from "next-auth/jwt";
import type { AccountSummary } from "@/lib/accounts/types";

// Test-only: calls an app route handler as a browser would, with a real Auth.js session cookie
// checked by the real session reader against the test database. The one stand-in is Next's
// `headers()`, which only a running Next server provides: test files mock `next/headers` with
// `requestHeaders` (see tests/integration/attachments.test.ts).

export const TEST_AUTH_SECRET = "route-test-secret-0123456789abcdef0123456789";
const COOKIE = "authjs.session-token";
const ORIGIN = "http://parley.test";

let current = new Headers();

/** What `headers()` returns during the current call. */
export function requestHeaders(): Headers {
  return current;
}

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

export async function callRoute<P>(
  handler: Handler<P>,
  {
    method = "GET",
    path,
    params,
    as,
    body,
    headers = {},
  }: {
    method?: string;
    path: string;
    params: P;
    /** Signed in as this person; signed out when absent. */
    as?: AccountSummary;
    body?: BodyInit;
    headers?: Record<string, string>;
  },
): Promise<Response> {
  const all = new Headers({ host: new URL(ORIGIN).host, "x-forwarded-proto": "http", ...headers });
  if (method !== "GET") all.set("origin", ORIGIN);
  if (as) {
    const token = await encode({
      token: { sub: as.id, sessionVersion: 0 },
      secret: TEST_AUTH_SECRET,
      salt: COOKIE,
      maxAge: 3600,
    });
    all.set("cookie", `${COOKIE}=${token}`);
  }
  current = all;
  const request = new Request(`${ORIGIN}${path}`, {
    method,
    headers: all,
    body,
    ...(body ? { duplex: "half" } : {}),
  } as RequestInit);
  return handler(request, { params: Promise.resolve(params) });
}
