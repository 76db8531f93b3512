import { AppError } from "@/lib/errors";

/**
 * SameSite=Lax already keeps the session cookie off cross-site POSTs; this also refuses requests
 * from sibling origins (another app on the same site), which Lax does not cover. Used by the
 * multipart upload routes, which a plain HTML form on another site could target.
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  if (!origin) return;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (URL.canParse(origin) && new URL(origin).host === host) return;
  throw new AppError("forbidden:origin", "This request came from another site.");
}
