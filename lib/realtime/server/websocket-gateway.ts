import type http from "node:http";
import type { Duplex } from "node:stream";
import WebSocket, { WebSocketServer } from "ws";
import type { AppState } from "./app-state";
import { Connection } from "./connection";
import { ErrorCode, WsCloseCode } from "./error-codes";
import { advertisedActivityTimeout } from "./heartbeat";
import { handleMessage } from "./message-handler";
import type { ResolvedOptions } from "./options";
import { createSocketId } from "./signatures";

const SUPPORTED_PROTOCOL = "7";

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Accepts WebSocket upgrades on `{prefix}/app/{key}` and turns them into Connections. */
export class WebSocketGateway {
  private readonly wss: WebSocketServer;
  private readonly pathPattern: RegExp;
  /** Every accepted socket, refused ones included, so shutdown can wait for all of them. */
  private readonly sockets = new Set<WebSocket>();
  private isClosing = false;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly appsByKey: Map<string, AppState>,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      maxPayload: options.limits.maxPayloadBytes,
      // Compression would re-encode each broadcast per socket; frames are small JSON anyway.
      perMessageDeflate: false,
    });
    this.pathPattern = new RegExp(`^${escapeRegExp(options.pathPrefix)}/app/([^/]+)/?$`);
  }

  /** Takes the upgrade only if its path is `{prefix}/app/{key}`; anything else is left untouched. */
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean {
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://localhost");
    } catch {
      return false;
    }
    const match = this.pathPattern.exec(url.pathname);
    if (!match) return false;
    socket.on("error", () => socket.destroy());
    if (this.isClosing) {
      socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n");
      return true;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.sockets.add(ws);
      ws.on("close", () => this.sockets.delete(ws));
      this.accept(ws, decodeURIComponent(match[1] as string), url.searchParams);
    });
    return true;
  }

  private refuse(ws: WebSocket, code: number, message: string): void {
    ws.on("error", () => ws.terminate());
    ws.send(JSON.stringify({ event: "pusher:error", data: { message, code } }));
    ws.close(code, message);
    setTimeout(() => ws.terminate(), this.options.heartbeat.closeGraceMs).unref();
  }

  /** Why a connection must be refused (C2), or undefined to accept it. */
  private refusal(
    app: AppState | undefined,
    key: string,
    params: URLSearchParams,
  ): [number, string] | undefined {
    if (!app) return [ErrorCode.unknownAppKey, `App key ${key.slice(0, 64)} does not exist`];
    if (!app.isEnabled) return [ErrorCode.appDisabled, "App is disabled"];
    const protocol = params.get("protocol");
    if (!protocol) return [ErrorCode.missingProtocol, "No protocol version supplied"];
    if (protocol !== SUPPORTED_PROTOCOL) {
      return [ErrorCode.unsupportedProtocol, `Unsupported protocol version ${protocol.slice(0, 16)}`];
    }
    if (app.isAtConnectionQuota) return [ErrorCode.overConnectionQuota, "Over connection quota"];
    return undefined;
  }

  private accept(ws: WebSocket, key: string, params: URLSearchParams): void {
    const app = this.appsByKey.get(key);
    const refusal = this.refusal(app, key, params);
    if (refusal || !app) {
      const [code, message] = refusal ?? [ErrorCode.unknownAppKey, "Unknown app"];
      this.refuse(ws, code, message);
      return;
    }

    let socketId = createSocketId();
    while (app.connections.has(socketId)) socketId = createSocketId();
    const connection = new Connection(socketId, app, ws);
    app.connections.set(socketId, connection);

    ws.on("message", (data, isBinary) => {
      try {
        handleMessage(connection, data as Buffer, isBinary);
      } catch (error) {
        // A bug in one handler must cost one socket, never the process.
        this.options.log("error", "Realtime message handler failed", { socketId, error: String(error) });
        connection.close(WsCloseCode.internalError, "Internal error");
      }
    });
    ws.on("pong", () => connection.notePong());
    ws.on("close", () => connection.handleSocketClosed());
    ws.on("error", (error) => {
      // ws has already sent the matching close frame (e.g. 1009 for an oversized frame).
      this.options.log("debug", "WebSocket error", { socketId, error: error.message });
      connection.handleSocketClosed();
      setTimeout(() => ws.terminate(), this.options.heartbeat.closeGraceMs).unref();
    });
    connection.sendMessage({
      event: "pusher:connection_established",
      data: JSON.stringify({
        socket_id: socketId,
        activity_timeout: advertisedActivityTimeout(this.options.heartbeat),
      }),
    });
  }

  /** Closes every socket with 4200 and resolves once all have closed (or were destroyed). */
  async close(): Promise<void> {
    this.isClosing = true;
    for (const app of this.appsByKey.values()) {
      for (const connection of [...app.connections.values()]) {
        connection.close(ErrorCode.serverClosing, "Server shutting down");
      }
    }
    for (const ws of this.sockets) {
      if (ws.readyState === WebSocket.OPEN) ws.close(ErrorCode.serverClosing, "Server shutting down");
    }
    const pending = [...this.sockets].map(
      (ws) =>
        new Promise<void>((resolve) =>
          ws.readyState === WebSocket.CLOSED ? resolve() : ws.once("close", () => resolve()),
        ),
    );
    const grace = new Promise<void>((resolve) =>
      setTimeout(resolve, this.options.heartbeat.closeGraceMs).unref(),
    );
    await Promise.race([Promise.all(pending), grace]);
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
  }
}
