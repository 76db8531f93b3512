import WebSocket from "ws";
import type { Target } from "./target";
import { waitFor } from "./wait";

export interface Frame {
  event: string;
  channel?: string;
  data?: unknown;
  user_id?: string;
}

/** A bare WebSocket speaking the protocol by hand, for exact frames and close codes. */
export class RawClient {
  readonly frames: Frame[] = [];
  readonly rawFrames: string[] = [];
  closeCode?: number;
  private cursor = 0;
  readonly closed: Promise<number>;

  constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const text = data.toString();
      this.rawFrames.push(text);
      try {
        this.frames.push(JSON.parse(text) as Frame);
      } catch {
        this.frames.push({ event: "<unparseable>", data: text });
      }
    });
    ws.on("error", () => {});
    this.closed = new Promise((resolve) =>
      ws.on("close", (code) => {
        this.closeCode = code;
        resolve(code);
      }),
    );
  }

  static open(target: Target, options: { query?: string; key?: string; prefix?: string } = {}): RawClient {
    const {
      query = "protocol=7&client=js&version=8.6.0&flash=false",
      key = target.key,
      prefix = "",
    } = options;
    return new RawClient(new WebSocket(`ws://${target.host}:${target.port}${prefix}/app/${key}?${query}`));
  }

  /** Opens a socket and waits for connection_established; returns the client and its socket id. */
  static async connect(target: Target, prefix?: string): Promise<{ client: RawClient; socketId: string }> {
    const client = RawClient.open(target, { prefix });
    const established = await client.next((frame) => frame.event === "pusher:connection_established");
    const data = JSON.parse(established.data as string) as { socket_id: string };
    return { client, socketId: data.socket_id };
  }

  send(message: unknown): void {
    this.ws.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  /** The next frame (after those already consumed) matching `predicate`. */
  async next(predicate: (frame: Frame) => boolean = () => true, timeoutMs = 6_000): Promise<Frame> {
    return waitFor(
      () => {
        for (let i = this.cursor; i < this.frames.length; i++) {
          const frame = this.frames[i] as Frame;
          if (predicate(frame)) {
            this.cursor = i + 1;
            return frame;
          }
        }
        return undefined;
      },
      { timeoutMs, what: "a matching frame" },
    );
  }

  /** Frames received that match, without consuming. */
  all(predicate: (frame: Frame) => boolean): Frame[] {
    return this.frames.filter(predicate);
  }

  async subscribe(channel: string, extra: Record<string, unknown> = {}): Promise<Frame> {
    this.send({ event: "pusher:subscribe", data: { channel, ...extra } });
    return this.next(
      (frame) =>
        frame.channel === channel &&
        (frame.event === "pusher_internal:subscription_succeeded" ||
          frame.event === "pusher:subscription_error"),
    );
  }

  /**
   * A ping/pong round trip: frames the server wrote to this socket before answering are then
   * all received, so a missing frame is really missing rather than late.
   */
  /**
   * Resolves once the server has processed everything sent before it. The ping is resent a
   * few times because a socket that was just rate-limited may have its first ping dropped.
   */
  async barrier(attempts = 5): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      this.send({ event: "pusher:ping", data: {} });
      try {
        await this.next((frame) => frame.event === "pusher:pong", 1_500);
        return;
      } catch (error) {
        if (attempt >= attempts) throw error;
      }
    }
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)
      this.ws.terminate();
  }
}
