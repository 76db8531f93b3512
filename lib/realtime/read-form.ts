import { mediaType, readBodyText } from "@/lib/http/read-body";

// socket_id and channel_name (a presence channel's name is at most 200 characters) fit many times over.
const MAX_AUTH_BODY = 8 * 1024;

/** pusher-js posts auth requests as a urlencoded form; other clients may send JSON. */
export async function readAuthRequestBody(request: Request): Promise<Record<string, string>> {
  const text = await readBodyText(request, { maxBytes: MAX_AUTH_BODY });
  if (mediaType(request) === "application/json") {
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed && typeof parsed === "object" ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}
