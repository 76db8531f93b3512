import { AppError } from "@/lib/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/**
 * Refuses a request another site started, as Next does for server actions. SameSite=Lax already
 * keeps the session cookie off cross-site POSTs; this also covers sibling origins on the same
 * site (which Lax does not) and browsers or proxies that drop the cookie rule. The browser's own
 * word comes first: `Sec-Fetch-Site` other than same-origin (or `none`, a typed address) is
 * refused; then an `Origin` must name this host. A request with neither header is no browser's
 * cross-site request (browsers send Origin on every non-GET fetch and form post) and passes.
 *
 * `publicOrigin` is the app's configured address (AUTH_URL), for proxies that rewrite Host.
 */
export function assertSameOrigin(request: Request, publicOrigin?: string): void {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") throw foreignOrigin();
  const origin = request.headers.get("origin");
  if (origin === null) return;
  if (!URL.canParse(origin)) throw foreignOrigin();
  const { host, origin: normalised } = new URL(origin);
  if (publicOrigin !== undefined && normalised === publicOrigin) return;
  const forwarded = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  const requestHost = forwarded || request.headers.get("host");
  if (requestHost && host === requestHost.toLowerCase()) return;
  throw foreignOrigin();
}

function foreignOrigin(): AppError {
  return new AppError("forbidden:origin", "This request came from another site.");
}
