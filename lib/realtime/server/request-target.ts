/** A request target split into its path and query, as the client sent them. */
export interface RequestTarget {
  /** The raw path, without the query: what a REST client signed. */
  path: string;
  query: URLSearchParams;
}

/**
 * Splits `req.url` without `new URL()`, which throws on some input and resolves `//host/...`
 * against another origin. URLSearchParams never throws: malformed percent-encoding stays as sent.
 * Anything that is not an origin-form path (`/…`) is not ours to serve.
 */
export function parseRequestTarget(url: string | undefined): RequestTarget | undefined {
  if (typeof url !== "string" || !url.startsWith("/")) return undefined;
  const mark = url.indexOf("?");
  const path = mark === -1 ? url : url.slice(0, mark);
  const query = new URLSearchParams(mark === -1 ? "" : url.slice(mark + 1));
  return { path, query };
}

/** decodeURIComponent that returns undefined for malformed input instead of throwing. */
export function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
