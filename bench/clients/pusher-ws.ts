import WebSocket from "ws";
import { type BenchConnection, type ConnectOptions, readPayload } from "./types";

export interface PusherEndpoint {
  port: number;
  key: string;
}

/**
 * A bare Pusher protocol 7 client over `ws`: pusher-js would cost far more CPU per socket, and the
 * load generator shares two cores with the server under test.
 */
export function connectPusher(endpoint: PusherEndpoint, options: ConnectOptions): Promise<BenchConnection> {
  const url = `ws://127.0.0.1:${endpoint.port}/app/${endpoint.key}?protocol=7&client=js&version=8.6.0&flash=false`;
  const ws = new WebSocket(url, { perMessageDeflate: false });
  const connection: BenchConnection = { close: () => ws.close() };
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        ws.terminate();
        reject(error);
      } else resolve(connection);
    };
    const timer = setTimeout(
      () => settle(new Error(`subscribe to ${options.channel} timed out`)),
      options.timeoutMs ?? 15_000,
    );

    ws.on("message", (data) => {
      const frame = data.toString();
      const payload = readPayload(frame);
      if (payload) {
        options.onMessage?.(payload.seq, payload.sentAt);
        return;
      }
      const message = JSON.parse(frame) as { event?: string; channel?: string; data?: unknown };
      switch (message.event) {
        case "pusher:connection_established":
          ws.send(JSON.stringify({ event: "pusher:subscribe", data: { channel: options.channel } }));
          break;
        case "pusher_internal:subscription_succeeded":
          settle(null);
          break;
        case "pusher:ping":
          ws.send(JSON.stringify({ event: "pusher:pong", data: {} }));
          break;
        case "pusher:error":
        case "pusher:subscription_error":
          settle(new Error(`${message.event}: ${JSON.stringify(message.data)}`));
          break;
      }
    });
    ws.on("error", (error) => settle(error));
    ws.on("close", (code) => settle(new Error(`socket closed with ${code} before subscribing`)));
  });
}
