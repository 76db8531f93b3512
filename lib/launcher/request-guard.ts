import type http from "node:http";
import { createRequire } from "node:module";
import { FIXED_CONTENT_SECURITY_POLICY } from "@/lib/http/security-headers";

// Requests the app cannot serve, refused before Next sees them: Next answered both with a 500.

// Methods a route handler or page can answer. Next builds a fetch Request for every request, and
// the fetch standard forbids TRACE, CONNECT and TRACK.
const APP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

function refuse(res: http.ServerResponse, status: number, code: string, message: string, extra = {}) {
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Security-Policy": FIXED_CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    Connection: "close",
    ...extra,
  });
  res.end(JSON.stringify({ error: { code, message } }));
}

/** Answers a method nothing here serves with 405; true when it did. */
export function refuseUnknownMethod(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (APP_METHODS.has(req.method ?? "")) return false;
  refuse(res, 405, "invalid:method", "That method is not allowed.", { Allow: [...APP_METHODS].join(", ") });
  return true;
}

/**
 * Answers a path whose percent-encoding does not decode (`/api/users/%E0%A4%A`), or that still has
 * "." or ".." segments (`/api/conversations/../messages`), with 400; true
 * when it did. Next decodes route parameters itself and fails with a 500 on these.
 */
export function refuseMalformedPath(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  const path = query < 0 ? url : url.slice(0, query);
  let decoded = path;
  if (path.includes("%")) {
    try {
      decoded = decodeURIComponent(path);
    } catch {
      refuse(res, 400, "invalid:path", "The URL is not valid.");
      return true;
    }
  }
  // Browsers and HTTP clients resolve "." and ".." before sending; a path that still has them
  // would be resolved by Next after the proxy's matcher saw the unresolved one (an /api/../ path
  // reached a page's server-action handling and answered 500).
  if (DOT_SEGMENT.test(decoded)) {
    refuse(res, 400, "invalid:path", "The URL is not valid.");
    return true;
  }
  return false;
}

const DOT_SEGMENT = /(?:^|[/\\])\.{1,2}(?:[/\\]|$)/;

// Next's own parser of the router state header, so the check here is exactly the one Next makes
// (and fails on with a 500 when it runs inside the render).
const { parseAndValidateFlightRouterState } = createRequire(import.meta.url)(
  "next/dist/server/app-render/parse-and-validate-flight-router-state.js",
) as { parseAndValidateFlightRouterState: (header: string | string[]) => unknown };

/**
 * Answers a `Next-Router-State-Tree` header that Next cannot parse (empty, not JSON, the wrong
 * shape, over its 40 KB) with 400; true when it did. Browsers send it only with RSC requests, from
 * the router's own state.
 */
export function refuseMalformedRouterState(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const header = req.headers["next-router-state-tree"];
  if (header === undefined) return false;
  try {
    parseAndValidateFlightRouterState(header);
    return false;
  } catch {
    refuse(res, 400, "invalid:router_state", "The router state header is not valid.");
    return true;
  }
}
