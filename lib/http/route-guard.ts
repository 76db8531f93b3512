import { hasUnstorableText } from "@/lib/chat/body/storable-text";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { assertSameOrigin, isStateChanging } from "./same-origin";

let publicOrigin: string | undefined | null = null;

/** AUTH_URL's origin, when the app's public address is configured. */
function configuredOrigin(): string | undefined {
  if (publicOrigin === null) {
    const url = getEnv().AUTH_URL;
    publicOrigin = url && URL.canParse(url) ? new URL(url).origin : undefined;
  }
  return publicOrigin;
}

/**
 * The checks every route handler of the app's own API runs before anything else (withUser calls
 * it): a state-changing request must come from this site. Media types are checked where the body
 * is read (lib/http/read-body.ts), since only the reader knows what it takes.
 */
export function guardRouteRequest(request: Request): void {
  if (isStateChanging(request.method)) assertSameOrigin(request, configuredOrigin());
}

/**
 * Route parameters that cannot name anything the database holds (a NUL from `%00`, a lone
 * surrogate) are refused with 404 before any query: PostgreSQL rejects them with an error, not
 * an empty result. Every handler under withUser gets this, whatever its parameters are called.
 */
export async function guardRouteParams(context: unknown): Promise<void> {
  const params = (context as { params?: Promise<unknown> } | undefined)?.params;
  if (params === undefined) return;
  if (hasUnstorableText(await params)) throw new AppError("not_found", "Not found.");
}
