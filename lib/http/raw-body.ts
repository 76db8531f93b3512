import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";

// A route handler gets its request body as a web stream that Next builds over Node's request,
// copying every chunk on the way: for a 25 MB upload that is 25 MB of garbage and a promise per
// chunk, about half the time of the upload itself (bench:files). So for the few routes whose body
// is a large file, Parley's own HTTP server (lib/launcher/http-server.ts) lends the route the Node
// request itself: it files the request under a random id and names the id in a header that only
// it sets (the same header from a client is always dropped). The route takes it with
// `takeRawBody`; without Parley's server (a platform's own runtime) there is none to take, and the
// route reads `request.body` as any route handler does. Both run in one process: the registry is
// shared through a global symbol, because the server and the Next bundle each load this module.

export const RAW_BODY_HEADER = "x-parley-raw-body";

/** The routes that stream their whole body to storage (the local driver's attachment upload). */
const RAW_BODY_ROUTES = [/^\/api\/conversations\/[^/?#]+\/attachments(?:\?|$)/];

const REGISTRY = Symbol.for("parley.rawRequestBodies");
type Registry = Map<string, IncomingMessage>;

function registry(): Registry {
  const holder = globalThis as typeof globalThis & { [REGISTRY]?: Registry };
  holder[REGISTRY] ??= new Map();
  return holder[REGISTRY];
}

/**
 * Called by the HTTP server for every request before the app sees it: drops any client-sent
 * header of that name, and for an upload route files the request for its handler to take.
 */
export function lendRawBody(req: IncomingMessage): void {
  delete req.headers[RAW_BODY_HEADER];
  if (req.method !== "POST" || !RAW_BODY_ROUTES.some((route) => route.test(req.url ?? ""))) return;
  const id = randomBytes(16).toString("base64url");
  const lent = registry();
  lent.set(id, req);
  req.headers[RAW_BODY_HEADER] = id;
  // Whether or not a handler took it (a 404, a refusal before reading), the entry ends with it.
  req.once("close", () => lent.delete(id));
}

/**
 * The request's body as Node's own stream of chunks, once, when the server lent it; otherwise
 * null (read `request.body`). Ending the iteration early leaves the socket open, so an answer
 * such as a 413 still reaches the client (lib/launcher/lingering-close.ts drains the rest).
 */
export function takeRawBody(request: Request): AsyncIterable<Uint8Array> | null {
  const id = request.headers.get(RAW_BODY_HEADER);
  if (!id) return null;
  const lent = registry();
  const req = lent.get(id);
  if (!req) return null;
  lent.delete(id);
  return req.iterator({ destroyOnReturn: false });
}

/** How many requests are lent and not yet closed (tests). */
export function lentRawBodyCount(): number {
  return registry().size;
}
