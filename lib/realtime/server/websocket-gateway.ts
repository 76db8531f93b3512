import type http from "node:http";
import type { Duplex } from "node:stream";
import WebSocket, { WebSocketServer } from "ws";
import type { AppState } from "./app-state";
import { AddressCounter, socketAddress } from "./client-address";
import { Connection, closeReason } from "./connection";
import { ErrorCode, WsCloseCode } from "./error-codes";
import { advertisedActivityTimeout } from "./heartbeat";
import { handleMessage } from "./message-handler";
import type { ResolvedOptions } from "./options";
import { decodePathSegment, parseRequestTarget } from "./request-target";
import { createSocketId } from "./signatures";

const SUPPORTED_PROTOCOL = "7";

function errorDetails(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Accepts WebSocket upgrades on `{prefix}/app/{key}` and turns them into Connections. */
export class WebSocketGateway {
  private readonly wss: WebSocketServer;
  private readonly pathPattern: RegExp;
  /** Every accepted socket, refused ones included, so shutdown can wait for all of them. */
  private readonly sockets = new Set<WebSocket>();
  /** Upgraded sockets (refused ones included) per client address. */
  private readonly addresses = new AddressCounter();
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

  /**
   * Takes the upgrade only if its path is `{prefix}/app/{key}`; anything else is left untouched.
   * Nothing in the request can make this throw: a malformed key is an unknown key (4001), and a
   * failure past that point costs this one socket.
   */
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const target = parseRequestTarget(req.url);
    const match = target ? this.pathPattern.exec(target.path) : null;
    if (!target || !match) return false;
    socket.on("error", () => socket.destroy());
    if (this.isClosing) {
      socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n");
      return true;
    }
    const rawKey = match[1] as string;
    const key = decodePathSegment(rawKey) ?? rawKey;
    const address = this.clientAddress(req);
    const limit = this.options.limits.maxConnectionsPerIp;
    // Refusals linger for the close handshake; past twice the limit even those cost too much.
    if (this.addresses.count(address) >= 2 * limit) {
      socket.end("HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: 10\r\n\r\n");
      return true;
    }
    try {
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.sockets.add(ws);
        this.addresses.add(address);
        ws.on("close", () => {
          this.sockets.delete(ws);
          this.addresses.remove(address);
        });
        try {
          if (this.addresses.count(address) > limit) {
            this.refuse(ws, ErrorCode.overCapacity, "Too many connections from this address");
          } else {
            this.accept(ws, key, target.query);
          }
        } catch (error) {
          this.options.log("error", "Realtime upgrade failed", { error: errorDetails(error) });
          ws.terminate();
        }
      });
    } catch (error) {
      this.options.log("error", "Realtime upgrade failed", { error: errorDetails(error) });
      socket.destroy();
    }
    return true;
  }

  /** The configured `clientIp`, kept from failing the upgrade if it throws. */
  private clientAddress(req: http.IncomingMessage): string {
    try {
      const address = this.options.clientIp(req);
      if (typeof address === "string" && address) return address;
    } catch (error) {
      this.options.log("error", "clientIp failed", { error: errorDetails(error) });
    }
    return socketAddress(req);
  }

  private refuse(ws: WebSocket, code: number, message: string): void {
    ws.on("error", () => ws.terminate());
    ws.send(JSON.stringify({ event: "pusher:error", data: { message, code } }));
    ws.close(code, closeReason(message));
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
    const protocols = params.getAll("protocol");
    const protocol = protocols[0];
    if (!protocol) return [ErrorCode.missingProtocol, "No protocol version supplied"];
    // Two values could be read two ways by two servers in a row; no client sends them.
    if (protocols.length > 1)
      return [ErrorCode.unsupportedProtocol, "More than one protocol version supplied"];
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
        this.options.log("error", "Realtime message handler failed", {
          socketId,
          error: errorDetails(error),
        });
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
