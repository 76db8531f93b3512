import { io } from "socket.io-client";
import { BENCH_EVENT, type BenchConnection, type BenchPayload, type ConnectOptions } from "./types";

/** A Socket.IO client joined to one room through the bench server's `subscribe` acknowledgement. */
export function connectSocketIo(port: number, options: ConnectOptions): Promise<BenchConnection> {
  // forceNew: otherwise every io() call to the same URL shares one multiplexed connection.
  const socket = io(`http://127.0.0.1:${port}`, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    timeout: options.timeoutMs ?? 15_000,
  });
  const connection: BenchConnection = { close: () => socket.disconnect() };
  if (options.onMessage) {
    const onMessage = options.onMessage;
    socket.on(BENCH_EVENT, (payload: BenchPayload) => onMessage(payload.seq, payload.sentAt));
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.disconnect();
      reject(new Error(`join ${options.channel} timed out`));
    }, options.timeoutMs ?? 15_000);
    socket.once("connect", () => {
      socket.emit("subscribe", options.channel, () => {
        clearTimeout(timer);
        resolve(connection);
      });
    });
    socket.once("connect_error", (error) => {
      clearTimeout(timer);
      socket.disconnect();
      reject(error);
    });
  });
}
