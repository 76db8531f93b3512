import { isAppError } from "@/lib/errors";
import { guardRouteRequest } from "./route-guard";
import { FIXED_CONTENT_SECURITY_POLICY } from "./security-headers";

function refusal(status: number, code: string, message: string): Response {
  return Response.json(
    { error: { code, message } },
    { status, headers: { "Content-Security-Policy": FIXED_CONTENT_SECURITY_POLICY } },
  );
}

/**
 * A server action call (`Next-Action` header) from another site, or with an empty action id, is
 * refused here: Next aborts the first and trips an invariant on the second, both as a 500.
 */
export function refuseForeignServerAction(request: Request): Response | undefined {
  const action = request.headers.get("next-action");
  if (action === null) return undefined;
  if (action.trim() === "") return refusal(400, "invalid:action", "The action is not valid.");
  try {
    guardRouteRequest(request);
  } catch (error) {
    if (isAppError(error)) return refusal(error.status, error.code, error.message);
    throw error;
  }
  return undefined;
}

/**
 * A form posted to a page without script (a server action's no-JS fallback) is multipart, and
 * Next parses it with no guard: a body that is not multipart made it answer 500. The proxy checks
 * such a post parses first (Next holds at most 1 MB of it for the proxy, see next.config.ts) and
 * answers 400 otherwise. Posts from the running app carry `Next-Action` and are parsed by Next's
 * own streaming reader, which refuses bad input itself.
 */
export async function refuseUnparsableFormPost(request: Request): Promise<Response | undefined> {
  if (request.method !== "POST" || request.headers.has("next-action")) return undefined;
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (!type.startsWith("multipart/form-data")) return undefined;
  const parses = await request
    .clone()
    .formData()
    .then(
      () => true,
      () => false,
    );
  return parses ? undefined : refusal(400, "invalid:form", "The form could not be read.");
}
