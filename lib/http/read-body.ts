import { AppError, type ErrorCode } from "@/lib/errors";

// Request bodies, read with a bound. A route handler's body is a stream Next builds over the
// Node request (an async iterator), pulled from the socket only as it is read, so reading chunk
// by chunk and stopping at the limit keeps memory at the limit whatever the client sends, a
// chunked body without Content-Length included. `request.text()`, `json()`, `formData()` and
// `arrayBuffer()` would buffer all of it first; route handlers use these readers instead.

export interface BodyLimit {
  /** Most bytes accepted. */
  maxBytes: number;
  /** The refusal's code (`too_large:…`) and message when the body is longer. */
  code?: ErrorCode;
  message?: string;
}

/** Far above any valid JSON request the app takes (a 4,000-character message as a document is ~20 KB). */
export const MAX_JSON_BODY = 256 * 1024;

/** The body's bytes, refused with 413 as soon as more than `maxBytes` have arrived. */
export async function readBodyBytes(request: Request, limit: BodyLimit): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () =>
    new AppError(limit.code ?? "too_large:body", limit.message ?? "The request body is too large.");
  // A declared length over the limit is refused before a byte is read.
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limit.maxBytes) throw tooLarge();
  if (!request.body) return new Uint8Array(0);

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read().catch(() => {
        throw new AppError("invalid:body", "The request body could not be read.");
      });
      if (done) break;
      size += value.byteLength;
      // Not cancelled: cancelling would destroy the socket before the 413 is written. The
      // answer says `Connection: close` (see errorResponse) and the rest is never read.
      if (size > limit.maxBytes) throw tooLarge();
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The body as UTF-8 text; bytes that are not UTF-8 are refused, not replaced. */
export async function readBodyText(request: Request, limit: BodyLimit): Promise<string> {
  const bytes = await readBodyBytes(request, limit);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("invalid:body", "The request body must be UTF-8 text.");
  }
}

/** The media type of the body (`application/json`), lower-cased, without parameters. */
export function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/**
 * A JSON body. Anything but `Content-Type: application/json` is refused with 415 before reading:
 * a cross-site HTML form can only send form types, so this also keeps forms on other sites out.
 */
export async function readJsonBody(
  request: Request,
  limit: BodyLimit = { maxBytes: MAX_JSON_BODY },
): Promise<unknown> {
  if (mediaType(request) !== "application/json") {
    throw new AppError("unsupported:content_type", "Send the request body as application/json.");
  }
  const text = await readBodyText(request, limit);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid:json", "The request body must be JSON.");
  }
}

/** A multipart or urlencoded form, read within the limit before it is parsed. */
export async function readFormBody(request: Request, limit: BodyLimit): Promise<FormData | undefined> {
  const bytes = await readBodyBytes(request, limit);
  const type = request.headers.get("content-type") ?? "";
  return new Response(bytes, { headers: { "content-type": type } }).formData().catch(() => undefined);
}
