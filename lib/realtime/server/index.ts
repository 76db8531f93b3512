import http from "node:http";
import type { Duplex } from "node:stream";
import { AppState } from "./app-state";
import { startHeartbeat } from "./heartbeat";
import { HttpApi } from "./http-api";
import { type RealtimeServerOptions, resolveOptions } from "./options";
import { WebSocketGateway } from "./websocket-gateway";

export type {
  RealtimeAppConfig,
  RealtimeHeartbeatOptions,
  RealtimeLimits,
  RealtimeLog,
  RealtimeServerOptions,
  RealtimeWebhookOptions,
} from "./options";

/** A Pusher Channels protocol 7 server: WebSockets on `/app/{key}`, the HTTP API on `/apps/{id}/…`. */
export interface RealtimeServer {
  /**
   * Serves on an existing HTTP server: takes only upgrades on `{prefix}/app/{key}` and requests
   * under `{prefix}/apps/`; every other upgrade and request is left to the server's other listeners.
   */
  attach(server: http.Server): void;
  /** For a host server's request handler: true when the request was for the realtime API. */
  handleRequest(req: http.IncomingMessage, res: http.ServerResponse): boolean;
  /** For a host server's upgrade handler: true when the upgrade was taken. */
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Standalone: listens on its own port (0 picks a free one). */
  listen(port: number, host?: string): Promise<{ port: number }>;
  /** Closes every socket with 4200, flushes webhooks, stops timers and any standalone listener. */
  close(): Promise<void>;
  stats(): { connections: number; channels: number };
}

type Listener = (...args: unknown[]) => void;

/**
 * Puts `handle` in front of the server's existing listeners for `event`: what it takes, they
 * never see; everything else reaches them unchanged. Listeners added later see every event, so
 * attach before the host adds its own (or call handleRequest/handleUpgrade from them).
 */
function interpose(server: http.Server, event: "request" | "upgrade", handle: (args: unknown[]) => boolean) {
  const previous = server.listeners(event) as Listener[];
  server.removeAllListeners(event);
  server.on(event, (...args: unknown[]) => {
    if (handle(args)) return;
    if (previous.length === 0 && event === "upgrade" && server.listenerCount("upgrade") === 1) {
      // Node destroys unclaimed upgrades only while nobody listens; keep that behaviour.
      (args[1] as Duplex).destroy();
      return;
    }
    for (const listener of previous) listener.apply(server, args);
  });
}

export function createRealtimeServer(options: RealtimeServerOptions): RealtimeServer {
  const resolved = resolveOptions(options);
  const apps = resolved.apps.map((config) => new AppState(config, resolved));
  const appsByKey = new Map(apps.map((app) => [app.config.key, app]));
  const appsById = new Map(apps.map((app) => [app.config.id, app]));
  const gateway = new WebSocketGateway(resolved, appsByKey);
  const api = new HttpApi(resolved, appsById);
  const stopHeartbeat = startHeartbeat(apps, resolved.heartbeat);
  let standalone: http.Server | undefined;
  let closing: Promise<void> | undefined;

  const handleRequest = (req: http.IncomingMessage, res: http.ServerResponse) => api.handleRequest(req, res);
  const handleUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) =>
    gateway.handleUpgrade(req, socket, head);

  const attach = (server: http.Server) => {
    interpose(server, "request", ([req, res]) =>
      handleRequest(req as http.IncomingMessage, res as http.ServerResponse),
    );
    interpose(server, "upgrade", ([req, socket, head]) =>
      handleUpgrade(req as http.IncomingMessage, socket as Duplex, head as Buffer),
    );
  };

  return {
    attach,
    handleRequest,
    handleUpgrade,
    async listen(port, host) {
      if (standalone) throw new Error("Realtime server is already listening");
      // A failure that escapes a handler (a bug) costs that one request or socket.
      const contain = (error: unknown, end: () => void) => {
        resolved.log("error", "Realtime handler failed", {
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
        end();
      };
      const server = http.createServer((req, res) => {
        try {
          if (handleRequest(req, res)) return;
          res.writeHead(404, { "Content-Type": "application/json" }).end('{"error":"Not found"}');
        } catch (error) {
          contain(error, () => res.destroy());
        }
      });
      server.on("upgrade", (req, socket, head) => {
        socket.on("error", () => socket.destroy());
        try {
          if (!handleUpgrade(req, socket, head))
            socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
        } catch (error) {
          contain(error, () => socket.destroy());
        }
      });
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve();
        });
      });
      standalone = server;
      const address = server.address();
      return { port: typeof address === "object" && address ? address.port : port };
    },
    close() {
      closing ??= (async () => {
        stopHeartbeat();
        await gateway.close();
        await Promise.all(apps.map((app) => app.closeWebhooks()));
        if (standalone) {
          const server = standalone;
          server.closeAllConnections();
          await new Promise<void>((resolve) => server.close(() => resolve()));
        }
      })();
      return closing;
    },
    stats() {
      let connections = 0;
      let channels = 0;
      for (const app of apps) {
        connections += app.connections.size;
        channels += app.channels.size;
      }
      return { connections, channels };
    },
  };
}
