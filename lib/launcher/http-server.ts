import http from "node:http";
import type { Duplex } from "node:stream";
import compression from "compression";
import { StartupError } from "./configure";

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
 * static files are compressed as before; API answers only when they are reads that declare a
 * length of at least the threshold (history pages do, see `jsonResponse`); writes' answers, small
 * by nature, never.
 */
export function shouldCompress(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  if (req.url?.startsWith("/api/") && res.getHeader("content-length") === undefined) return false;
  return compression.filter(req as never, res as never);
}

const compress = compression({ filter: shouldCompress });

/** One HTTP server: the embedded realtime server (when mounted) first, then the app. */
export function createAppServer(options: {
  app: RequestHandler;
  appUpgrade?: UpgradeHandler;
  realtime?: Mountable;
}): http.Server {
  const { app, appUpgrade, realtime } = options;
  const server = http.createServer((req, res) => {
    if (realtime?.handleRequest(req, res)) return;
    compress(req as never, res as never, () => void app(req, res));
  });
  // Longer than the idle timeout of the proxies self-hosters put in front (nginx 75 s, cloud load
  // balancers 60 s): with Node's 5 s the server may close a kept-alive connection just as the
  // proxy reuses it, and that request fails with a 502. Also keeps the connections the server
  // SDK reuses for publishing to the embedded realtime server through a lull.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on("upgrade", (req, socket, head) => {
    if (realtime?.handleUpgrade(req, socket, head)) return;
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
