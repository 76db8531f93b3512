import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { connected, pusherJsClient, restClient, subscribed } from "./clients";
import { RawClient } from "./raw-client";
import { rawUpgrade, upgradeRequest, wellFormedUpgradeHeaders } from "./raw-upgrade";
import { embeddedTimings, isEmbedded, startTarget, type Target } from "./target";
import { waitFor } from "./wait";

let target: Target;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(async () => {
  await target?.close();
});

/** pusher-js connects, joins a presence channel and receives what the SDK triggers. */
async function expectServing(server: Target, marker: string) {
  const client = pusherJsClient(server, { presence: { user_id: marker } });
  try {
    await connected(client);
    const channel = await subscribed(client, `presence-${marker}`);
    const received = new Promise((resolve) => channel.bind("still-alive", resolve));
    await restClient(server).trigger(`presence-${marker}`, "still-alive", { marker });
    expect(await received).toEqual({ marker });
  } finally {
    client.disconnect();
  }
}

/** An HTTP refusal, or a WebSocket whose only frame is a pusher:error closed with its code. */
function expectRefused(answer: Awaited<ReturnType<typeof rawUpgrade>>) {
  if (answer.status !== 101) {
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    return;
  }
  expect(answer.texts).toHaveLength(1);
  const frame = JSON.parse(answer.texts[0] as string);
  expect(frame.event).toBe("pusher:error");
  expect(frame.data.code).toBeGreaterThanOrEqual(4000);
  expect(frame.data.code).toBeLessThan(4100);
  expect(answer.closeCode).toBe(frame.data.code);
}

describe("Z1 hostile upgrades", () => {
  it("malformed percent-encoding in the key is refused as an unknown key; the server keeps serving", async () => {
    const answer = await rawUpgrade(target.port, upgradeRequest("/app/%E0%A4%A?protocol=7"));
    expectRefused(answer);
    if (isEmbedded) expect(answer.closeCode).toBe(4001);
    await expectServing(target, "after-bad-key");
  });

  it("a volley of hostile upgrade requests is refused, and a pusher-js client is served afterwards", async () => {
    const key = target.key;
    const hostile: (string | Buffer)[] = [
      upgradeRequest(`/app/${key}?protocol=%E0%A4%A`),
      upgradeRequest(`/app/${key}?protocol=7&protocol=8`),
      upgradeRequest(`/app/${key}?protocol=`),
      upgradeRequest(`/app/${key}?%ZZ=%&&==&protocol=9`),
      upgradeRequest(`/app/%00%FF%C0%AF${key}?protocol=7`),
      upgradeRequest(`/app/${"%".repeat(4_000)}?protocol=7`),
      upgradeRequest(`/app/${key}?protocol=7`, { ...wellFormedUpgradeHeaders, "X-Pad": "x".repeat(20_000) }),
      upgradeRequest(`/app/${key}?protocol=7`, { ...wellFormedUpgradeHeaders, "Sec-WebSocket-Key": "nope" }),
      upgradeRequest(`/app/${key}?protocol=7`, {
        ...wellFormedUpgradeHeaders,
        "Sec-WebSocket-Version": "99",
      }),
      upgradeRequest(`/app/${key}?protocol=7`, { ...wellFormedUpgradeHeaders, Upgrade: "h2c" }),
      upgradeRequest(`//evil.example/app/${key}?protocol=8`),
      Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x01, 0x00, 0x00, 0x00, 0x0d, 0x0a, 0x0d, 0x0a]),
      "GET /app/\x01\x7f HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
    ];
    for (const request of hostile) {
      const answer = await rawUpgrade(target.port, request, { waitMs: 3_000 });
      // Garbage that is not HTTP at all may simply be hung up on.
      if (answer.status !== undefined || typeof request === "string")
        expect(() => expectRefused(answer), String(request).slice(0, 80)).not.toThrow();
    }
    await expectServing(target, "after-volley");
  });
});

describe("bad input", () => {
  it.runIf(isEmbedded)(
    "malformed JSON and unknown events get pusher:error; the socket stays open",
    async () => {
      const { client } = await RawClient.connect(target);
      for (const bad of [
        "{not json",
        "[]",
        "42",
        '{"event":7}',
        '{"event":"pusher:unknown"}',
        '{"event":"nonsense"}',
      ]) {
        client.send(bad);
        await client.next((frame) => frame.event === "pusher:error");
      }
      await client.barrier();
      expect(client.closeCode).toBeUndefined();
      client.close();
    },
  );

  it.runIf(isEmbedded)("a binary frame closes the socket with 1003", async () => {
    const { client } = await RawClient.connect(target);
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await client.closed).toBe(1003);
  });

  it.runIf(isEmbedded)("a frame over 64 KiB closes the socket with 1009", async () => {
    const { client } = await RawClient.connect(target);
    client.send({ event: "pusher:ping", data: { pad: "x".repeat(70 * 1024) } });
    expect(await client.closed).toBe(1009);
  });

  it.runIf(isEmbedded)("more than 100 channels on one socket gets pusher:error", async () => {
    const { client } = await RawClient.connect(target);
    for (let i = 0; i < 100; i++) client.send({ event: "pusher:subscribe", data: { channel: `limit-${i}` } });
    await client.barrier();
    expect(client.all((frame) => frame.event === "pusher_internal:subscription_succeeded")).toHaveLength(100);
    client.send({ event: "pusher:subscribe", data: { channel: "limit-100" } });
    expect((await client.next((frame) => frame.event === "pusher:error")).data).toMatchObject({ code: 4300 });
    client.close();
  });

  it.runIf(isEmbedded)("a subscribe flood is rate-limited with 4301 and the socket recovers", async () => {
    const { client } = await RawClient.connect(target);
    for (let i = 0; i < 400; i++) {
      client.send({ event: "pusher:subscribe", data: { channel: "flood" } });
      client.send({ event: "pusher:unsubscribe", data: { channel: "flood" } });
    }
    expect((await client.next((frame) => frame.event === "pusher:error")).data).toMatchObject({ code: 4301 });
    await client.barrier();
    expect(target.server?.stats().channels ?? 0).toBeLessThan(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await client.subscribe("after-flood")).event).toBe("pusher_internal:subscription_succeeded");
    client.close();
  });
});

describe("message floods", () => {
  it.runIf(isEmbedded)("frames beyond the per-socket message rate are dropped with 4301", async () => {
    const { client } = await RawClient.connect(target);
    for (let i = 0; i < 600; i++) client.send({ event: "pusher:ping", data: {} });
    expect((await client.next((frame) => frame.event === "pusher:error")).data).toMatchObject({ code: 4301 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await client.barrier();
    const pongs = client.all((frame) => frame.event === "pusher:pong").length;
    expect(pongs).toBeGreaterThanOrEqual(400);
    expect(pongs).toBeLessThan(600);
    client.close();
  });
});

describe("slow consumers", () => {
  it.runIf(isEmbedded)(
    "a socket that stops reading is closed with 4100 instead of buffering without bound",
    async () => {
      const slow = await startTarget({
        server: {
          limits: { maxBufferedBytes: 256 * 1024 },
          heartbeat: { ...embeddedTimings.heartbeat, closeGraceMs: 10_000 },
        },
      });
      try {
        const { client } = await RawClient.connect(slow);
        await client.subscribe("firehose");
        const tcp = (client.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
        tcp.pause();
        const rest = restClient(slow);
        const batch = Array.from({ length: 10 }, () => ({
          channel: "firehose",
          name: "bulk",
          data: "x".repeat(10_000),
        }));
        // Kernel socket buffers absorb the first few MB; the server's own queue is what is bounded.
        for (let i = 0; i < 400 && slow.server?.stats().connections !== 0; i++)
          await rest.triggerBatch(batch);
        expect(slow.server?.stats().connections).toBe(0);
        tcp.resume();
        expect(await client.closed).toBe(4100);
      } finally {
        await slow.close();
      }
    },
  );
});

describe("graceful shutdown", () => {
  it.runIf(isEmbedded)("close() closes every socket with 4200 and resolves", async () => {
    const doomed = await startTarget();
    const raws = await Promise.all([RawClient.connect(doomed), RawClient.connect(doomed)]);
    await raws[0]?.client.subscribe("shutdown");
    const js = pusherJsClient(doomed);
    await connected(js);
    await doomed.close();
    for (const { client } of raws) expect(await client.closed).toBe(4200);
    expect(doomed.server?.stats()).toEqual({ connections: 0, channels: 0 });
    await waitFor(() => js.connection.state !== "connected", { what: "pusher-js to notice the shutdown" });
    js.disconnect();
    // A second close() is harmless.
    await doomed.server?.close();
    const late = new WebSocket(`ws://${doomed.host}:${doomed.port}/app/${doomed.key}?protocol=7`);
    const outcome = await new Promise<string>((resolve) => {
      late.on("open", () => resolve("open"));
      late.on("error", () => resolve("refused"));
    });
    expect(outcome).toBe("refused");
  });
});

/** mulberry32: a tiny seeded PRNG, so a failing fuzz run can be replayed exactly. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("fuzz", () => {
  it("survives 2,000 random frames, then serves a normal pusher-js client", async () => {
    const seed = Number(process.env.REALTIME_FUZZ_SEED ?? 20260127);
    const random = prng(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const text = (max: number) =>
      Array.from({ length: Math.floor(random() * max) }, () =>
        String.fromCodePoint(Math.floor(random() * 0x2fff)),
      ).join("");
    const values = (): unknown =>
      pick([
        null,
        true,
        0,
        -1,
        1e308,
        "",
        text(20),
        [],
        {},
        [text(5)],
        { channel: text(10) },
        "private-x",
        "presence-y",
      ]);
    const events = [
      "pusher:subscribe",
      "pusher:unsubscribe",
      "pusher:signin",
      "pusher:ping",
      "pusher:pong",
      "client-x",
    ];
    const frame = (): { data: string | Buffer; binary: boolean } => {
      const kind = Math.floor(random() * 10);
      const message = {
        event: random() < 0.8 ? pick(events) : values(),
        channel: random() < 0.5 ? pick(["private-fuzz", "presence-fuzz", "fuzz", text(30)]) : values(),
        data:
          random() < 0.5
            ? {
                channel: pick(["fuzz", "private-fuzz", "#server-to-user-1", text(10)]),
                auth: values(),
                channel_data: values(),
              }
            : values(),
      };
      const json = JSON.stringify(message);
      if (kind === 0) return { data: Buffer.from(text(50)), binary: true };
      if (kind === 1) return { data: json.slice(0, Math.floor(random() * json.length)), binary: false };
      if (kind === 2 && random() < 0.05)
        return { data: "x".repeat(70 * 1024 + Math.floor(random() * 1024)), binary: false };
      if (kind === 3)
        return { data: Buffer.from([0xff, 0xfe, 0x00, Math.floor(random() * 256)]), binary: false };
      if (kind === 4) return { data: JSON.stringify(values()), binary: false };
      return { data: json, binary: false };
    };

    let socket: RawClient | undefined;
    for (let i = 0; i < 2_000; i++) {
      // A fresh socket every 100 frames keeps each under the per-socket message rate limit.
      if (
        !socket ||
        i % 100 === 0 ||
        socket.closeCode !== undefined ||
        socket.ws.readyState !== WebSocket.OPEN
      ) {
        socket?.close();
        socket = (await RawClient.connect(target)).client;
      }
      const next = frame();
      socket.ws.send(next.data, { binary: next.binary });
      if (i % 50 === 49 && socket.ws.readyState === WebSocket.OPEN) {
        // Let the server catch up so the run measures robustness rather than queue depth.
        await Promise.race([socket.barrier(), socket.closed]).catch(() => {});
      }
    }
    socket?.close();

    const client = pusherJsClient(target, { presence: { user_id: "after-fuzz" } });
    try {
      await connected(client);
      const channel = await subscribed(client, "presence-after-fuzz");
      const received = new Promise((resolve) => channel.bind("still-alive", resolve));
      await restClient(target).trigger("presence-after-fuzz", "still-alive", { seed });
      expect(await received).toEqual({ seed });
    } finally {
      client.disconnect();
    }
    if (target.server) {
      await waitFor(() => target.server?.stats().connections === 0, {
        what: "fuzz sockets to be released",
        timeoutMs: 20_000,
      });
    }
  });
});
