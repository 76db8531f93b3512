import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createRealtimeServer } from "@/lib/realtime/server";
import { connected, pusherJsClient, restClient, subscribed } from "./clients";
import { RawClient } from "./raw-client";
import { embeddedTimings, extraApps, isEmbedded, startTarget, type Target } from "./target";
import { waitFor } from "./wait";

let target: Target;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(async () => {
  await target?.close();
});

describe("connection", () => {
  it("C1 accepts upgrades at /app/{key} with the pusher-js query string", async () => {
    const { client, socketId } = await RawClient.connect(target);
    expect(socketId).toBeTruthy();
    client.close();
  });

  it.runIf(isEmbedded)("C1 accepts upgrades behind a path prefix and leaves other paths alone", async () => {
    const app = { id: "p", key: "prefixed-key", secret: "prefixed-secret" };
    const server = createRealtimeServer({ apps: [app], pathPrefix: "/realtime", ...embeddedTimings });
    const { port } = await server.listen(0, "127.0.0.1");
    try {
      const prefixed = { ...target, port, key: app.key };
      const { client } = await RawClient.connect(prefixed, "/realtime");
      client.close();
      const stray = new WebSocket(`ws://127.0.0.1:${port}/elsewhere/app/${app.key}?protocol=7`);
      const outcome = await new Promise<string>((resolve) => {
        stray.on("open", () => resolve("open"));
        stray.on("error", () => resolve("refused"));
      });
      expect(outcome).toBe("refused");
    } finally {
      await server.close();
    }
  });

  async function expectRefusal(client: RawClient, code: number) {
    const error = await client.next((frame) => frame.event === "pusher:error");
    expect(error.data).toMatchObject({ code });
    expect(typeof (error.data as { message: unknown }).message).toBe("string");
    expect(await client.closed).toBe(code);
  }

  it("C2 refuses an unknown app key with pusher:error 4001 and close 4001", async () => {
    await expectRefusal(RawClient.open(target, { key: "no-such-key" }), 4001);
  });

  it("C2 refuses a missing protocol with 4008", async () => {
    await expectRefusal(RawClient.open(target, { query: "client=js&version=8.6.0" }), 4008);
  });

  it("C2 refuses an unsupported protocol with 4007", async () => {
    await expectRefusal(RawClient.open(target, { query: "protocol=99&client=js" }), 4007);
  });

  it.runIf(isEmbedded)("C2 refuses a disabled app with 4003", async () => {
    await expectRefusal(RawClient.open(target, { key: extraApps.disabled.key }), 4003);
  });

  it.runIf(isEmbedded)("C2 refuses a connection over the app's quota with 4004", async () => {
    const quotaTarget = { ...target, key: extraApps.quota.key };
    const { client: first } = await RawClient.connect(quotaTarget);
    await expectRefusal(RawClient.open(quotaTarget), 4004);
    first.close();
  });

  it("C3 connection_established carries socket_id and activity_timeout > 0 as a JSON string", async () => {
    const client = RawClient.open(target);
    const first = await client.next();
    expect(first.event).toBe("pusher:connection_established");
    expect(typeof first.data).toBe("string");
    const data = JSON.parse(first.data as string) as { socket_id: string; activity_timeout: number };
    expect(data.socket_id).toMatch(/^\d+\.\d+$/);
    expect(Number.isInteger(data.activity_timeout)).toBe(true);
    expect(data.activity_timeout).toBeGreaterThan(0);
    client.close();
  });

  it("C4 socket ids are unique per connection and match ^\\d+\\.\\d+$", async () => {
    const connections = await Promise.all(Array.from({ length: 25 }, () => RawClient.connect(target)));
    const ids = connections.map((connection) => connection.socketId);
    for (const id of ids) expect(id).toMatch(/^\d+\.\d+$/);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { client } of connections) client.close();
  });

  it("C5 data published over REST reaches clients as exactly the published string", async () => {
    const { client } = await RawClient.connect(target);
    await client.subscribe("c5-channel");
    const published = '{"text":"héllo ✓ \\"quoted\\"","n":1}  ';
    await restClient(target).trigger("c5-channel", "greeting", published);
    const frame = await client.next((f) => f.event === "greeting");
    expect(frame).toEqual({ event: "greeting", channel: "c5-channel", data: published });
    client.close();
  });

  it("C6 pusher-js (ws transport only) connects, subscribes and receives", async () => {
    const client = pusherJsClient(target);
    try {
      await connected(client);
      const channel = await subscribed(client, "c6-channel");
      const received = new Promise((resolve) => channel.bind("hello", resolve));
      await restClient(target).trigger("c6-channel", "hello", { n: 6 });
      expect(await received).toEqual({ n: 6 });
    } finally {
      client.disconnect();
    }
  });
});

describe("heartbeat", () => {
  it("H1 answers pusher:ping with pusher:pong and empty data", async () => {
    const { client } = await RawClient.connect(target);
    client.send({ event: "pusher:ping", data: {} });
    await client.next((frame) => frame.event === "pusher:pong");
    expect(client.rawFrames.map((raw) => JSON.parse(raw))).toContainEqual({ event: "pusher:pong", data: {} });
    client.close();
  });

  it.runIf(isEmbedded)("H2 pings an idle socket, and closes with 4201 when no pong comes", async () => {
    const ws = new WebSocket(`ws://${target.host}:${target.port}/app/${target.key}?protocol=7`, {
      autoPong: false,
    });
    const client = new RawClient(ws);
    await client.next((frame) => frame.event === "pusher:connection_established");
    await client.next((frame) => frame.event === "pusher:ping", 4_000);
    expect(await client.closed).toBe(4201);
  });

  it.runIf(isEmbedded)("H2 a socket that answers pings stays connected past the timeouts", async () => {
    const client = pusherJsClient(target);
    try {
      const socketId = await connected(client);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(client.connection.state).toBe("connected");
      expect(client.connection.socket_id).toBe(socketId);
    } finally {
      client.disconnect();
    }
  });

  it.runIf(isEmbedded)("H2 a silently dropped presence member is removed within the timeouts", async () => {
    const watcher = pusherJsClient(target, { presence: { user_id: "watcher" } });
    const dropped = pusherJsClient(target, { presence: { user_id: "dropped" } });
    try {
      const watched = await subscribed(watcher, "presence-h2");
      const joined = new Promise((resolve) => watched.bind("pusher:member_added", resolve));
      await subscribed(dropped, "presence-h2");
      await joined;
      const removed = new Promise<{ id: string }>((resolve) =>
        watched.bind("pusher:member_removed", resolve),
      );
      // Stop reading on the dropped client's TCP socket: it can no longer answer any ping.
      // pusher-js in Node runs on faye-websocket, whose TCP stream is `_stream`.
      const internals = dropped.connection as unknown as {
        connection: { transport: { socket: { _stream: { pause(): void } } } };
      };
      const droppedAt = Date.now();
      internals.connection.transport.socket._stream.pause();
      expect((await removed).id).toBe("dropped");
      const { activityTimeoutMs, pongTimeoutMs } = embeddedTimings.heartbeat;
      // The client's own last ping can arrive up to one activity timeout after the drop.
      expect(Date.now() - droppedAt).toBeLessThan(2 * activityTimeoutMs + pongTimeoutMs + 1_000);
      await waitFor(() => target.server?.stats().connections === 1, {
        what: "the dropped socket to be reaped",
      });
    } finally {
      watcher.disconnect();
      dropped.disconnect();
    }
  });
});
