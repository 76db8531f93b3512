import "server-only";
import { AppError } from "@/lib/errors";
import { isInlineType } from "./policy";
import type { ByteRange, FileStorage } from "./storage";

// How a stored file goes to the browser. Only media types that browsers render as media are ever
// inline; everything else is a download, so nothing uploaded is ever rendered as a page. The
// sandbox CSP covers a download someone opens in a tab anyway.

/** How long a signed URL of a remote driver stays valid. */
const SIGNED_URL_SECONDS = 5 * 60;

export interface FileToServe {
  key: string;
  name: string;
  mimeType: string;
  /** Ask the browser to save it whatever its type (`?download=1`). */
  download: boolean;
}

export async function fileResponse({
  storage,
  file,
  rangeHeader,
}: {
  storage: FileStorage;
  file: FileToServe;
  rangeHeader: string | null;
}): Promise<Response> {
  // A download of a remote file is passed through rather than redirected: browsers ignore the
  // `download` attribute once a redirect leaves the origin, and the file host answers with the
  // disposition set at upload, so only this response can say "attachment" and the file's name.
  if (storage.signedUrl && !(file.download && storage.read)) {
    // The membership check has passed; the remote store serves the bytes for a few minutes.
    const url = await storage.signedUrl(file.key, {
      expiresInSeconds: SIGNED_URL_SECONDS,
      downloadName: file.download ? file.name : undefined,
    });
    return new Response(null, {
      status: 302,
      headers: { Location: url, "Cache-Control": "private, no-store" },
    });
  }
  if (!storage.read) throw new Error(`The ${storage.driver} storage can neither read files nor sign URLs`);

  const inline = !file.download && isInlineType(file.mimeType);
  const headers = new Headers({
    "Content-Type": inline ? file.mimeType : downloadType(file.mimeType),
    "X-Content-Type-Options": "nosniff",
    "Content-Disposition": contentDisposition(inline ? "inline" : "attachment", file.name),
    "Content-Security-Policy": "default-src 'none'; sandbox",
    // Access can end (someone leaves a conversation), so shared caches never keep a copy.
    "Cache-Control": "private, max-age=3600",
    "Accept-Ranges": "bytes",
  });

  const whole = await storage.read(file.key);
  if (!whole) throw new AppError("not_found:file", "That file is no longer stored.");
  const range = rangeHeader ? parseRange(rangeHeader, whole.size) : null;
  if (range === "unsatisfiable") {
    await whole.stream.cancel();
    headers.set("Content-Range", `bytes */${whole.size}`);
    return new Response(null, { status: 416, headers });
  }
  if (!range) {
    headers.set("Content-Length", String(whole.size));
    return new Response(whole.stream, { status: 200, headers });
  }
  await whole.stream.cancel();
  const part = await storage.read(file.key, range);
  if (!part) throw new AppError("not_found:file", "That file is no longer stored.");
  headers.set("Content-Range", `bytes ${range.start}-${range.end}/${part.size}`);
  headers.set("Content-Length", String(range.end - range.start + 1));
  return new Response(part.stream, { status: 206, headers });
}

/** A download keeps its sniffed type unless the type is one a browser would render as a page. */
function downloadType(mimeType: string): string {
  return /^text\/|xml|html|javascript|svg/i.test(mimeType) && mimeType !== "text/plain"
    ? "application/octet-stream"
    : mimeType;
}

/**
 * One `bytes=` range of a file of `size` bytes (RFC 9110 §14.1.2): null to send the whole file
 * (no range, several ranges or a malformed header, which a server may ignore), "unsatisfiable"
 * for a range starting past the end (416).
 */
export function parseRange(header: string, size: number): ByteRange | "unsatisfiable" | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return null;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== "" && Number(last) < start) return null;
  if (start >= size) return "unsatisfiable";
  return { start, end };
}

/** `attachment; filename="photo.png"; filename*=UTF-8''photo.png`, safe for any name. */
export function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
