import { FIXED_CONTENT_SECURITY_POLICY } from "./security-headers";

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
  if (parses) return undefined;
  return Response.json(
    { error: { code: "invalid:form", message: "The form could not be read." } },
    { status: 400, headers: { "Content-Security-Policy": FIXED_CONTENT_SECURITY_POLICY } },
  );
}
