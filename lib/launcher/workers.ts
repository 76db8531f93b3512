import http from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { z } from "zod";
import type { ServerEnv } from "@/lib/env";
import type { Mountable } from "./http-server";

// `npm start` in production runs one launcher process and N app workers (node:cluster) that share
// the public port. The embedded realtime server lives in the launcher: its sockets and fan-out
// never wait behind a page render or a database round trip in an app worker, and every worker
// publishes to the same server. Workers hand WebSocket upgrades on `/app/{key}` to the launcher
// with the socket itself (the connection keeps its file descriptor; no bytes are relayed) and
// pass the rare request for the realtime REST API on the public port (`/apps/…`) through to the
// launcher's loopback port, where the app's own SDK publishes directly.

/**
 * App workers for this environment. One unless WEB_CONCURRENCY asks for more, and always one on
 * the embedded database (one process per data folder). One is the right default on a small box
 * that also runs PostgreSQL: there, a second worker competes with the database for the same cores.
 */
export function workerCount(env: Pick<ServerEnv, "DATABASE_URL" | "WEB_CONCURRENCY">): number {
  if (!env.DATABASE_URL) return 1;
  return env.WEB_CONCURRENCY ?? 1;
}

const upgradeMessage = z.object({
  kind: z.literal("parley:realtime-upgrade"),
  method: z.string().max(16),
  url: z.string().max(8_192),
  httpVersion: z.string().max(8),
  headers: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  head: z.string().max(1_000_000),
});
export type UpgradeMessage = z.infer<typeof upgradeMessage>;

export function parseUpgradeMessage(message: unknown): UpgradeMessage | undefined {
  const parsed = upgradeMessage.safeParse(message);
  return parsed.success ? parsed.data : undefined;
}

const realtimeUpgradePath = /^\/app\/[^/?]+(?:[?]|$)/;
const realtimeApiPath = /^\/apps\//;

/**
 * A worker's stand-in for the realtime server it does not run: upgrades on `/app/{key}` go to the
 * launcher through `send` together with the socket, `/apps/…` requests to `internalPort`.
 */
export function realtimeRelay(options: {
  internalPort: number;
  /** Sends a message with a socket to the launcher (a worker's `process.send`). */
  send: (message: UpgradeMessage, socket: Socket, callback: (error: Error | null) => void) => void;
}): Mountable {
  const { internalPort, send } = options;
  return {
    handleRequest(req, res) {
      if (!req.url || !realtimeApiPath.test(req.url)) return false;
      const upstream = http.request(
        {
          host: "127.0.0.1",
          port: internalPort,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, connection: "close" },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => {
        if (res.headersSent) res.destroy();
        else
          res.writeHead(502, { "Content-Type": "application/json" }).end('{"error":"Realtime unavailable"}');
      });
      req.pipe(upstream);
      return true;
    },
    handleUpgrade(req, socket, head) {
      if (!req.url || !realtimeUpgradePath.test(req.url)) return false;
      const message: UpgradeMessage = {
        kind: "parley:realtime-upgrade",
        method: req.method ?? "GET",
        url: req.url,
        httpVersion: req.httpVersion,
        headers: req.headers as UpgradeMessage["headers"],
        head: head.toString("base64"),
      };
      // With the socket as the handle: this process closes its copy once it is sent.
      send(message, socket as Socket, (error) => {
        if (error) socket.destroy();
      });
      return true;
    },
  };
}

/** The launcher's side: an upgrade a worker handed over, as the realtime server expects it. */
export function acceptHandedUpgrade(
  message: UpgradeMessage,
  socket: Socket,
  handleUpgrade: (req: http.IncomingMessage, socket: Duplex, head: Buffer) => boolean,
): void {
  const req = Object.assign(Object.create(http.IncomingMessage.prototype) as http.IncomingMessage, {
    method: message.method,
    url: message.url,
    httpVersion: message.httpVersion,
    headers: message.headers,
    socket,
  });
  if (!handleUpgrade(req, socket, Buffer.from(message.head, "base64"))) {
    socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
  }
}
