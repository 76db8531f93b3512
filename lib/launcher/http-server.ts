import http from "node:http";
import type { Duplex } from "node:stream";
import compression from "compression";
import { lendRawBody } from "@/lib/http/raw-body";
import {
  CLIENT_IP_HEADER,
  NO_TRUSTED_PROXIES,
  resolveClientIp,
  type TrustedProxies,
} from "@/lib/rate-limit/client-ip";
import { StartupError } from "./configure";
import { lingerAfterUnreadBody } from "./lingering-close";
import { refuseMalformedPath, refuseMalformedRouterState, refuseUnknownMethod } from "./request-guard";

type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;
type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void | Promise<void>;

export interface Mountable {
  handleRequest(req: http.IncomingMessage, res: http.ServerResponse): boolean;
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean;
}

/**
 * Next's own compression (switched off in next.config.ts) gzips every response, and a response
 * streamed from a route handler has no length, so even a 40-byte JSON answer got a zlib stream:
 * about a millisecond of CPU per request on paths that must stay within a few. Here pages and
 * static files are compressed as before; API answers only when they are reads whose length is
 * known (declared by the handler, or found by `coalesceResponse`) and at least the threshold;
 * writes' answers, small by nature, never.
 */
export function shouldCompress(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  if (req.url?.startsWith("/api/") && res.getHeader("content-length") === undefined) return false;
  return compression.filter(req as never, res as never);
}

const compress = compression({ filter: shouldCompress });

type WriteCallback = (error?: Error | null) => void;

/**
 * Sends a response that ends within `limit` bytes in one write with a Content-Length, instead of
 * the three Next makes of every streamed body (headers flushed on their own, then the body as a
 * chunk, then the chunked terminator): on a busy box each write is a system call and a packet,
 * and an API answer is rarely more than a few hundred bytes. A body that outgrows the limit is
 * streamed as before (what was held goes first), so downloads still stream.
 */
export function coalesceResponse(res: http.ServerResponse, limit = 64 * 1024): void {
  const write = res.write.bind(res) as (chunk: unknown, encoding?: unknown, cb?: WriteCallback) => boolean;
  const end = res.end.bind(res) as (
    chunk?: unknown,
    encoding?: unknown,
    cb?: () => void,
  ) => http.ServerResponse;
  const flushHeaders = res.flushHeaders.bind(res);
  const held: Buffer[] = [];
  let size = 0;
  let holding = true;

  const toBuffer = (chunk: unknown, encoding: unknown): Buffer =>
    Buffer.isBuffer(chunk)
      ? chunk
      : chunk instanceof Uint8Array
        ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
        : Buffer.from(String(chunk), typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
  const release = () => {
    holding = false;
    res.flushHeaders = flushHeaders;
    if (held.length > 0) write(held.length === 1 ? held[0] : Buffer.concat(held, size));
    held.length = 0;
  };

  // Headers go out with the body; nothing is written sooner than it would have been, since the
  // first chunk follows the flush at once.
  res.flushHeaders = () => {};
  res.write = ((chunk: unknown, encoding?: unknown, cb?: WriteCallback) => {
    const callback = typeof encoding === "function" ? (encoding as WriteCallback) : cb;
    if (!holding || chunk === undefined || chunk === null) {
      if (holding) release();
      return write(chunk, encoding, cb);
    }
    const buffer = toBuffer(chunk, encoding);
    if (size + buffer.length > limit) {
      release();
      return write(buffer, callback);
    }
    held.push(buffer);
    size += buffer.length;
    if (callback) process.nextTick(callback);
    return true;
  }) as typeof res.write;
  res.end = ((chunk?: unknown, encoding?: unknown, cb?: () => void) => {
    if (!holding) return end(chunk, encoding, cb);
    holding = false;
    res.flushHeaders = flushHeaders;
    const callback = typeof chunk === "function" ? chunk : typeof encoding === "function" ? encoding : cb;
    if (chunk !== undefined && chunk !== null && typeof chunk !== "function") {
      const buffer = toBuffer(chunk, typeof encoding === "function" ? undefined : encoding);
      held.push(buffer);
      size += buffer.length;
    }
    const hasBody = res.req?.method !== "HEAD" && res.statusCode !== 204 && res.statusCode !== 304;
    if (
      hasBody &&
      !res.headersSent &&
      res.getHeader("content-length") === undefined &&
      res.getHeader("transfer-encoding") === undefined
    ) {
      res.setHeader("Content-Length", size);
    }
    const body = held.length === 0 ? undefined : held.length === 1 ? held[0] : Buffer.concat(held, size);
    held.length = 0;
    return body === undefined ? end(callback) : end(body, callback);
  }) as typeof res.end;
}

/**
 * Tells the app who is asking: the socket's address, or the client that TRUSTED_PROXIES says the
 * proxies in front saw. Assigned over whatever the client sent in the same header, so the app can
 * believe it (lib/rate-limit getClientIp).
 */
export function setClientIpHeader(req: http.IncomingMessage, trustedProxies: TrustedProxies): void {
  req.headers[CLIENT_IP_HEADER] = resolveClientIp({
    socketAddress: req.socket.remoteAddress ?? "",
    forwardedFor: req.headers["x-forwarded-for"],
    trustedProxies,
  });
}

/** One HTTP server: the embedded realtime server (when mounted) first, then the app. */
export function createAppServer(options: {
  app: RequestHandler;
  appUpgrade?: UpgradeHandler;
  realtime?: Mountable;
  trustedProxies?: TrustedProxies;
  /** API answers in one write (coalesceResponse); on unless a benchmark compares without it. */
  coalesceApiResponses?: boolean;
}): http.Server {
  const {
    app,
    appUpgrade,
    realtime,
    trustedProxies = NO_TRUSTED_PROXIES,
    coalesceApiResponses = true,
  } = options;
  const server = http.createServer((req, res) => {
    lingerAfterUnreadBody(req, res);
    if (refuseUnknownMethod(req, res)) return;
    setClientIpHeader(req, trustedProxies);
    try {
      if (realtime?.handleRequest(req, res)) return;
    } catch (error) {
      console.error("Realtime request failed:", error);
      res.destroy();
      return;
    }
    if (refuseMalformedPath(req, res) || refuseMalformedRouterState(req, res)) return;
    lendRawBody(req);
    compress(req as never, res as never, () => {
      // API answers only: pages stream (a loading shell first, the rest as it renders).
      // Over compression's wrapper: it hands compression the whole body with its length, which
      // compression keeps when it leaves the body alone and drops when it encodes.
      if (coalesceApiResponses && req.url?.startsWith("/api/")) coalesceResponse(res);
      void app(req, res);
    });
  });
  // Longer than the idle timeout of the proxies self-hosters put in front (nginx 75 s, cloud load
  // balancers 60 s): with Node's 5 s the server may close a kept-alive connection just as the
  // proxy reuses it, and that request fails with a 502. Also keeps the connections the server
  // SDK reuses for publishing to the embedded realtime server through a lull.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on("upgrade", (req, socket, head) => {
    // Node leaves an upgraded socket without an "error" listener; a client that resets it while
    // it is being handed on (to the launcher, to Next) would otherwise end the process.
    socket.on("error", () => socket.destroy());
    setClientIpHeader(req, trustedProxies);
    try {
      if (realtime?.handleUpgrade(req, socket, head)) return;
    } catch (error) {
      // A bug in the hand-over costs this one socket.
      console.error("Realtime upgrade failed:", error);
      socket.destroy();
      return;
    }
    if (appUpgrade) void appUpgrade(req, socket, head);
    else socket.destroy();
  });
  return server;
}

export function listen(server: http.Server, port: number, host?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(
          new StartupError(`Port ${port} is in use. Stop whatever is using it, or set PORT to another port.`),
        );
      } else if (error.code === "EACCES") {
        reject(
          new StartupError(`Not allowed to listen on port ${port}. Choose a port above 1024 with PORT.`),
        );
      } else if (host && (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND")) {
        reject(
          new StartupError(
            `Cannot listen on ${host}: it is not an address of this machine. Unset LISTEN_HOST to listen on every interface.`,
          ),
        );
      } else reject(error);
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

/** Fails fast, before a long build, when the port is already taken. */
export async function assertPortFree(port: number, host?: string): Promise<void> {
  const probe = http.createServer();
  await listen(probe, port, host);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}
