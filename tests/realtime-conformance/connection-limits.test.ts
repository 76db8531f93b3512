import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { connected, pusherJsClient } from "./clients";
import { RawClient } from "./raw-client";
import { rawUpgrade, upgradeRequest, wellFormedUpgradeHeaders } from "./raw-upgrade";
import { isEmbedded, startTarget, type Target } from "./target";
import { waitFor } from "./wait";

// Settings an external server cannot be given: these run against the embedded server only.

const targets: Target[] = [];
const clients: RawClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(targets.splice(0).map((target) => target.close()));
});

async function start(options: Parameters<typeof startTarget>[0]) {
  const target = await startTarget(options);
  targets.push(target);
  return target;
}

async function open(target: Target, headers?: Record<string, string>): Promise<RawClient> {
  const url = `ws://${target.host}:${target.port}/app/${target.key}?protocol=7&client=js&version=8.6.0`;
  const client = new RawClient(new WebSocket(url, { headers }));
  clients.push(client);
  await client.next(
    (frame) => frame.event === "pusher:connection_established" || frame.event === "pusher:error",
  );
  return client;
}

/** Sends an upgrade and keeps the socket open, never answering the server's close frame. */
function holdRefused(port: number, request: string): Promise<{ socket: net.Socket; text: string }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(request));
    let text = "";
    socket.on("error", () => {});
    socket.on("data", (chunk) => {
      text += chunk.toString("latin1");
      // The close frame: opcode 8 with the code 4100 (0x10 0x04).
      if (text.includes("\x88") && text.includes("\x10\x04")) resolve({ socket, text: `${text} 4100` });
    });
  });
}

function established(client: RawClient) {
  return client.frames[0]?.event === "pusher:connection_established";
}

describe.runIf(isEmbedded)("connections per client address", () => {
  it("refuses sockets past maxConnectionsPerIp with 4100 (back off), and takes one again once one closes", async () => {
    const target = await start({ server: { limits: { maxConnectionsPerIp: 3 } } });
    const first = await Promise.all([open(target), open(target), open(target)]);
    expect(first.every(established)).toBe(true);

    const over = await open(target);
    expect(over.frames[0]).toMatchObject({ event: "pusher:error", data: { code: 4100 } });
    expect(await over.closed).toBe(4100);

    first[0]?.close();
    await waitFor(() => target.server?.stats().connections === 2, {
      what: "the closed socket to be released",
    });
    expect(established(await open(target))).toBe(true);
  });

  it("pusher-js backs off and connects once the address is under the limit again", async () => {
    const target = await start({ server: { limits: { maxConnectionsPerIp: 1 } } });
    const holder = await open(target);
    expect(established(holder)).toBe(true);
    const client = pusherJsClient(target);
    const codes: number[] = [];
    client.connection.bind("error", (event: { error?: { data?: { code?: number } } }) => {
      if (event.error?.data?.code) codes.push(event.error.data.code);
    });
    try {
      await waitFor(() => codes.includes(4100), { what: "pusher-js to be refused with 4100" });
      holder.close();
      await connected(client);
    } finally {
      client.disconnect();
    }
  });

  it("counts by the clientIp option, so each address behind a trusted proxy has its own limit", async () => {
    const target = await start({
      server: {
        limits: { maxConnectionsPerIp: 1 },
        clientIp: (req) => String(req.headers["x-test-client"] ?? "none"),
      },
    });
    const a = await open(target, { "x-test-client": "198.51.100.1" });
    const b = await open(target, { "x-test-client": "198.51.100.2" });
    expect(established(a) && established(b)).toBe(true);
    const aAgain = await open(target, { "x-test-client": "198.51.100.1" });
    expect(aAgain.frames[0]).toMatchObject({ event: "pusher:error", data: { code: 4100 } });
  });

  it("answers HTTP 429 without a handshake once refusals pile up past twice the limit", async () => {
    const target = await start({
      server: {
        limits: { maxConnectionsPerIp: 2 },
        // Refused sockets linger until the close handshake completes or this grace runs out.
        heartbeat: { activityTimeoutMs: 1_000, pongTimeoutMs: 1_000, closeGraceMs: 10_000 },
      },
    });
    await Promise.all([open(target), open(target)]);
    // A client that never answers the close: its refused sockets stay open, and counted.
    const silent = upgradeRequest(`/app/${target.key}?protocol=7`, wellFormedUpgradeHeaders);
    const lingering = await Promise.all([holdRefused(target.port, silent), holdRefused(target.port, silent)]);
    try {
      for (const answer of lingering) expect(answer.text).toContain("4100");
      expect((await rawUpgrade(target.port, silent)).status).toBe(429);
    } finally {
      for (const { socket } of lingering) socket.destroy();
    }
  });

  it("a thrown clientIp falls back to the socket's address instead of failing the upgrade", async () => {
    const target = await start({
      server: {
        clientIp: () => {
          throw new Error("broken hook");
        },
      },
    });
    expect(established(await open(target))).toBe(true);
  });
});

describe.runIf(isEmbedded)("connections per app", () => {
  it("maxConnections is the app's quota: the next socket gets 4004, whatever its address", async () => {
    const target = await start({
      server: {
        apps: [{ id: "quota-app", key: "quota-key", secret: "quota-secret", maxConnections: 2 }],
        clientIp: (req) => String(req.headers["x-test-client"]),
      },
    });
    const quota = { ...target, appId: "quota-app", key: "quota-key", secret: "quota-secret" };
    await Promise.all([open(quota, { "x-test-client": "a" }), open(quota, { "x-test-client": "b" })]);
    const third = await open(quota, { "x-test-client": "c" });
    expect(third.frames[0]).toMatchObject({ event: "pusher:error", data: { code: 4004 } });
    expect(await third.closed).toBe(4004);
  });
});
