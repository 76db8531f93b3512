import WebSocket from "ws";
import type { AppState } from "./app-state";
import { encodeFrame, type ServerMessage, type Subscriber } from "./channel";
import { ErrorCode } from "./error-codes";
import { TokenBucket } from "./rate-limit";

/** A close reason within the 123 bytes a close frame allows (ws throws beyond that). */
export function closeReason(message: string): string {
  const bytes = Buffer.from(message);
  if (bytes.length <= 123) return message;
  // Cut on a character boundary: a partial UTF-8 sequence would be an invalid frame.
  let end = 120;
  while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  return `${bytes.subarray(0, end).toString("utf8")}…`;
}

/** One client socket of one app. Owns its subscriptions and is the unit of clean-up. */
export class Connection implements Subscriber {
  readonly channels = new Set<string>();
  userId?: string;
  readonly openedAt = Date.now();
  lastActivityAt = this.openedAt;
  /** Set while a server ping is unanswered. */
  pingSentAt?: number;
  readonly clientEvents: TokenBucket;
  readonly subscribes: TokenBucket;
  readonly messages: TokenBucket;
  private isOpen = true;

  constructor(
    readonly socketId: string,
    readonly app: AppState,
    private readonly ws: WebSocket,
  ) {
    const { limits } = app.options;
    this.clientEvents = new TokenBucket(limits.clientEventsPerSecond, limits.clientEventsPerSecond);
    this.subscribes = new TokenBucket(limits.subscribesPerSecond, limits.subscribeBurst);
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst);
  }

  get isActive(): boolean {
    return this.isOpen;
  }

  /**
   * Sends an encoded frame as a text message. A consumer that cannot keep up is closed rather
   * than buffered for without bound.
   */
  send(frame: Buffer): void {
    if (!this.isOpen || this.ws.readyState !== WebSocket.OPEN) return;
    if (this.ws.bufferedAmount + frame.length > this.app.options.limits.maxBufferedBytes) {
      this.close(ErrorCode.overCapacity, "Over capacity: the client is not reading fast enough");
      return;
    }
    this.ws.send(frame, { binary: false });
  }

  sendMessage(message: ServerMessage): void {
    this.send(encodeFrame(message));
  }

  /** A `pusher:error`; the socket stays open unless the caller closes it. */
  sendError(code: number | null, message: string): void {
    this.sendMessage({ event: "pusher:error", data: { code, message } });
  }

  /** Forgets the socket at once (so presence updates do not wait on a dead peer), then closes it. */
  close(code: number, reason: string): void {
    if (!this.isOpen) return;
    this.cleanUp();
    try {
      this.ws.close(code, closeReason(reason));
    } catch {
      this.ws.terminate();
    }
    // A dead peer never completes the close handshake.
    const grace = setTimeout(() => this.ws.terminate(), this.app.options.heartbeat.closeGraceMs);
    grace.unref();
    this.ws.once("close", () => clearTimeout(grace));
  }

  ping(now: number): void {
    this.pingSentAt = now;
    this.sendMessage({ event: "pusher:ping", data: {} });
    // A WebSocket-level ping too: its pong proves the TCP path even for clients that ignore pusher:ping.
    if (this.ws.readyState === WebSocket.OPEN) this.ws.ping();
  }

  noteActivity(now: number = Date.now()): void {
    this.lastActivityAt = now;
  }

  /**
   * Only a pong settles an outstanding ping: a client that still writes but no longer reads
   * (its messages keep coming, ours pile up unread) must still be reaped.
   */
  notePong(now: number = Date.now()): void {
    this.lastActivityAt = now;
    this.pingSentAt = undefined;
  }

  /** Called when the socket closed from the other side or errored. */
  handleSocketClosed(): void {
    if (this.isOpen) this.cleanUp();
  }

  private cleanUp(): void {
    this.isOpen = false;
    for (const channel of this.channels) this.app.channels.leave(this, channel);
    this.channels.clear();
    if (this.userId !== undefined) this.app.signOut(this, this.userId);
    this.app.connections.delete(this.socketId);
  }
}
