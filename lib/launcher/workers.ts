import http from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { z } from "zod";
import type { ServerEnv } from "@/lib/env";
import { defaultLimits } from "@/lib/realtime/server/options";
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
  /** The realtime server's body limit, enforced here too (see handleRequest). */
  maxBodyBytes?: number;
}): Mountable {
  const { internalPort, send, maxBodyBytes = defaultLimits.maxRequestBodyBytes } = options;
  return {
    handleRequest(req, res) {
      if (!req.url || !realtimeApiPath.test(req.url)) return false;
      let isSettled = false;
      const answer = (status: number, body: string) => {
        if (isSettled) return;
        isSettled = true;
        upstream.destroy();
        if (res.headersSent) {
          res.destroy();
          return;
        }
        res.writeHead(status, { "Content-Type": "application/json", Connection: "close" }).end(body);
        // The rest of a refused body is never read: the socket goes once the answer is out.
        res.once("finish", () => req.destroy());
        setTimeout(() => req.destroy(), 5_000).unref();
      };
      const upstream = http.request(
        {
          host: "127.0.0.1",
          port: internalPort,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, connection: "close" },
        },
        (reply) => {
          if (isSettled) return;
          isSettled = true;
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(res);
          reply.once("aborted", () => res.destroy());
          // The realtime server may answer before the body is in (a refusal): stop reading it.
          res.once("finish", () => {
            if (!req.complete) req.destroy();
          });
        },
      );
      upstream.on("error", () => answer(502, '{"error":"Realtime unavailable"}'));
      res.once("close", () => {
        if (!res.writableFinished) upstream.destroy();
      });
      // The realtime server stops reading past its limit and hangs up, and a hang-up with unread
      // bytes resets the connection, which can lose its 413 on the way back. So the same limit
      // is enforced on this side, where the answer can be sent whole.
      const tooLarge = () => answer(413, `{"error":"Request body is larger than ${maxBodyBytes} bytes"}`);
      if (Number(req.headers["content-length"]) > maxBodyBytes) {
        tooLarge();
        return true;
      }
      let size = 0;
      req.on("data", (chunk: Buffer) => {
        if (size > maxBodyBytes) return; // already refused
        size += chunk.length;
        if (size > maxBodyBytes) {
          req.pause();
          tooLarge();
          return;
        }
        if (!upstream.write(chunk)) req.pause();
      });
      upstream.on("drain", () => {
        if (size <= maxBodyBytes) req.resume();
      });
      req.on("end", () => upstream.end());
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

/**
 * The launcher's side: an upgrade a worker handed over, as the realtime server expects it. The
 * request's socket is the client's own connection (its file descriptor came with the message),
 * so `req.socket.remoteAddress` is the client's address, as if the launcher had accepted it.
 */
export function acceptHandedUpgrade(
  message: UpgradeMessage,
  socket: Socket,
  handleUpgrade: (req: http.IncomingMessage, socket: Duplex, head: Buffer) => boolean,
): void {
  // Reading from the client starts with the hand-over: a reset must not end the launcher.
  socket.on("error", () => socket.destroy());
  const req = Object.assign(Object.create(http.IncomingMessage.prototype) as http.IncomingMessage, {
    method: message.method,
    url: message.url,
    httpVersion: message.httpVersion,
    headers: message.headers,
    socket,
  });
  try {
    if (!handleUpgrade(req, socket, Buffer.from(message.head, "base64"))) {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
    }
  } catch (error) {
    // A bug in the realtime server costs this one socket, not the launcher.
    console.error("Realtime upgrade failed:", error);
    socket.destroy();
  }
}

/**
 * How many times dead workers may be replaced: `max` within any `windowMs`. A worker that keeps
 * dying (a bad build, a crash on every request) stops the launcher instead of looping forever.
 */
export class RestartBudget {
  private readonly times: number[] = [];
  constructor(
    private readonly limits: { max: number; windowMs: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a restart; false once more than `max` fall within the window. */
  take(): boolean {
    const now = this.now();
    this.times.push(now);
    while (this.times.length > 0 && (this.times[0] as number) <= now - this.limits.windowMs)
      this.times.shift();
    return this.times.length <= this.limits.max;
  }
}
