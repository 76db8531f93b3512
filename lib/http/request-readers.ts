import { AppError } from "@/lib/errors";
import { isSocketId } from "@/lib/realtime/socket-id";

// Small request readers shared by the chat route handlers.

/** The sender's realtime socket from `X-Socket-Id`, so their own tab is left out of the broadcast. */
export function socketIdFrom(request: Request): string | null {
  const value = request.headers.get("x-socket-id");
  if (value === null || value === "") return null;
  if (!isSocketId(value)) throw new AppError("invalid:socket_id", "X-Socket-Id must look like 1234.5678.");
  return value;
}

/**
 * JSON with its length declared, so the launcher may compress it (it leaves API answers of unknown
 * length alone: for small ones a zlib stream costs more than it saves).
 */
export function jsonResponse(data: unknown, init: ResponseInit = {}): Response {
  const json = JSON.stringify(data);
  const headers = new Headers(init.headers);
  headers.set("Content-Type", "application/json");
  headers.set("Content-Length", String(Buffer.byteLength(json)));
  return new Response(json, { ...init, headers });
}

/** JSON bodies are read within a bound and only as `application/json` (lib/http/read-body.ts). */
export { readJsonBody } from "@/lib/http/read-body";

/** Query parameters as a plain object; empty values count as absent. */
export function queryFrom(request: Request): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) if (value !== "") query[key] = value;
  return query;
}

/**
 * A dynamic path segment as the client meant it. Next.js may pass a segment still
 * percent-encoded (an emoji in the URL), so decode once when it looks encoded.
 */
export function pathSegment(value: string): string {
  if (!value.includes("%")) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    throw new AppError("invalid:path", "The URL is not valid.");
  }
}
