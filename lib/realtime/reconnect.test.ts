import PusherJs from "pusher-js";
import { afterEach, describe, expect, it } from "vitest";
import { keepReconnecting, reconnectDelay } from "./reconnect";
import { createRealtimeServer, type RealtimeServer } from "./server";

describe("reconnectDelay", () => {
  it("doubles from 2 s to a 10 s ceiling, with up to 30 % jitter on top", () => {
    expect([0, 1, 2, 3, 9].map((attempt) => reconnectDelay(attempt, () => 0))).toEqual([
      2_000, 4_000, 8_000, 10_000, 10_000,
    ]);
    expect(reconnectDelay(0, () => 1)).toBe(2_600);
    expect(reconnectDelay(20, () => 1)).toBe(13_000);
  });
});

describe("keepReconnecting with pusher-js and a realtime server that restarts", () => {
  const app = { id: "reconnect-app", key: "reconnect-key", secret: "reconnect-secret" };
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startServer(port: number): Promise<{ server: RealtimeServer; port: number }> {
    const server = createRealtimeServer({ apps: [app] });
    const listening = await server.listen(port, "127.0.0.1");
    return { server, port: listening.port };
  }

  function until(check: () => boolean, what: string, timeoutMs: number) {
    return new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      const poll = setInterval(() => {
        if (check()) {
          clearInterval(poll);
          resolve();
        } else if (Date.now() > deadline) {
          clearInterval(poll);
          reject(new Error(`timed out waiting for ${what}`));
        }
      }, 20);
    });
  }

  it("is connected again within seconds of the server's return, not after pusher-js's 15 s attempt timeout", async () => {
    const first = await startServer(0);
    let server = first.server;
    cleanups.push(() => server.close());
    const client = new PusherJs(app.key, {
      cluster: "local",
      wsHost: "127.0.0.1",
      wsPort: first.port,
      forceTLS: false,
      enabledTransports: ["ws"],
      disableStats: true,
    });
    cleanups.push(() => client.disconnect());
    cleanups.push(keepReconnecting(client.connection));
    await until(() => client.connection.state === "connected", "the first connection", 5_000);
    const firstSocketId = client.connection.socket_id;

    await server.close();
    await until(() => client.connection.state !== "connected", "the loss to be noticed", 5_000);
    // Long enough for pusher-js's own immediate retry to have been refused.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(client.connection.state).not.toBe("connected");

    server = (await startServer(first.port)).server;
    // pusher-js's own back-off would wait 15–60 s here; the app's retries reconnect well within 8.
    await until(() => client.connection.state === "connected", "the reconnection", 8_000);
    expect(client.connection.socket_id).not.toBe(firstSocketId);
  }, 30_000);

  it("leaves a connection that was disconnected on purpose alone", async () => {
    const { server, port } = await startServer(0);
    cleanups.push(() => server.close());
    const client = new PusherJs(app.key, {
      cluster: "local",
      wsHost: "127.0.0.1",
      wsPort: port,
      forceTLS: false,
      enabledTransports: ["ws"],
      disableStats: true,
    });
    cleanups.push(keepReconnecting(client.connection));
    await until(() => client.connection.state === "connected", "the connection", 5_000);
    client.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(client.connection.state).toBe("disconnected");
  });
});
