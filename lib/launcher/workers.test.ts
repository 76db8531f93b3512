import http from "node:http";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createRealtimeServer } from "@/lib/realtime/server";
import {
  parseUpgradeMessage,
  RestartBudget,
  realtimeRelay,
  type UpgradeMessage,
  workerCount,
} from "./workers";

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

describe("workerCount", () => {
  it("is one on the embedded database whatever WEB_CONCURRENCY says", () => {
    expect(workerCount({ DATABASE_URL: undefined, WEB_CONCURRENCY: 4 })).toBe(1);
  });
  it("is WEB_CONCURRENCY with PostgreSQL, one when unset", () => {
    expect(workerCount({ DATABASE_URL: "postgresql://x/y", WEB_CONCURRENCY: 3 })).toBe(3);
    expect(workerCount({ DATABASE_URL: "postgresql://x/y", WEB_CONCURRENCY: undefined })).toBe(1);
  });
});

describe("RestartBudget", () => {
  it("allows max restarts within the window, refuses the next, and forgets old ones", () => {
    let now = 0;
    const budget = new RestartBudget({ max: 5, windowMs: 60_000 }, () => now);
    for (let i = 0; i < 5; i++) {
      now += 1_000;
      expect(budget.take()).toBe(true);
    }
    now += 1_000;
    expect(budget.take()).toBe(false);
    // A minute after the first ones, they no longer count.
    now += 60_000;
    expect(budget.take()).toBe(true);
  });
});

describe("parseUpgradeMessage", () => {
  const valid: UpgradeMessage = {
    kind: "parley:realtime-upgrade",
    method: "GET",
    url: "/app/key?protocol=7",
    httpVersion: "1.1",
    headers: { upgrade: "websocket" },
    head: "",
  };
  it("accepts the relay's message and nothing else", () => {
    expect(parseUpgradeMessage(valid)).toEqual(valid);
    expect(parseUpgradeMessage("parley:ready")).toBeUndefined();
    expect(parseUpgradeMessage({ ...valid, kind: "other" })).toBeUndefined();
    expect(parseUpgradeMessage({ ...valid, headers: { upgrade: 1 } })).toBeUndefined();
    expect(parseUpgradeMessage({ ...valid, url: "x".repeat(9_000) })).toBeUndefined();
  });
});

/** A worker-like server whose upgrades and requests go through the relay first. */
async function relayServer(internalPort: number) {
  const handed: UpgradeMessage[] = [];
  const relay = realtimeRelay({
    internalPort,
    send: (message, socket, callback) => {
      handed.push(message);
      socket.end("HTTP/1.1 418 Handed\r\n\r\n");
      callback(null);
    },
  });
  const bytesRead: number[] = [];
  const server = http.createServer((req, res) => {
    if (relay.handleRequest(req, res)) return;
    res.end("app");
  });
  server.on("connection", (socket) => socket.on("close", () => bytesRead.push(socket.bytesRead)));
  server.on("upgrade", (req, socket, head) => {
    if (!relay.handleUpgrade(req, socket, head)) socket.end("HTTP/1.1 404 Not Found\r\n\r\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => server.close());
  return { port: (server.address() as net.AddressInfo).port, handed, bytesRead };
}

function rawUpgrade(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
      );
    });
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk;
    });
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
}

describe("realtimeRelay", () => {
  it("hands over upgrades on /app/{key} only, with the request's line and headers", async () => {
    const { port, handed } = await relayServer(1);
    expect(await rawUpgrade(port, "/app/the-key?protocol=7")).toMatch(/^HTTP\/1.1 418/);
    expect(handed).toHaveLength(1);
    expect(handed[0]).toMatchObject({
      method: "GET",
      url: "/app/the-key?protocol=7",
      headers: { upgrade: "websocket", "sec-websocket-version": "13" },
    });
    expect(await rawUpgrade(port, "/_next/webpack-hmr")).toMatch(/^HTTP\/1.1 404/);
    expect(await rawUpgrade(port, "/app/a/b")).toMatch(/^HTTP\/1.1 404/);
    expect(handed).toHaveLength(1);
  });

  it("passes /apps/ requests through to the internal port, body and status intact", async () => {
    const upstream = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () =>
        res.writeHead(202, { "x-seen": `${req.method} ${req.url}` }).end(body.toUpperCase()),
      );
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    closers.push(() => upstream.close());
    const { port } = await relayServer((upstream.address() as net.AddressInfo).port);
    const response = await fetch(`http://127.0.0.1:${port}/apps/1/events?auth_key=k`, {
      method: "POST",
      body: "payload",
    });
    expect(response.status).toBe(202);
    expect(response.headers.get("x-seen")).toBe("POST /apps/1/events?auth_key=k");
    expect(await response.text()).toBe("PAYLOAD");
    expect(await (await fetch(`http://127.0.0.1:${port}/api/health`)).text()).toBe("app");
  });

  it("answers 502 when the launcher's realtime server is not there", async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const closedPort = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const { port } = await relayServer(closedPort);
    const response = await fetch(`http://127.0.0.1:${port}/apps/1/channels`);
    expect(response.status).toBe(502);
  });
});

/** Streams `total` bytes as a chunked POST, reading the answer meanwhile; stops when the server hangs up. */
function chunkedUpload(
  port: number,
  path: string,
  total: number,
): Promise<{ answer: string; written: number }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunk = Buffer.alloc(64 * 1024, "a");
    const frame = Buffer.concat([
      Buffer.from(`${chunk.length.toString(16)}\r\n`),
      chunk,
      Buffer.from("\r\n"),
    ]);
    let answer = "";
    let written = 0;
    let done = false;
    const pump = () => {
      while (!done && written < total) {
        written += chunk.length;
        if (!socket.write(frame)) return;
      }
      if (!done) socket.write("0\r\n\r\n");
    };
    socket.on("connect", () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`);
      pump();
    });
    socket.on("drain", pump);
    socket.on("data", (data) => {
      answer += data.toString("latin1");
    });
    const finish = () => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ answer, written });
    };
    socket.on("error", finish);
    socket.on("close", finish);
  });
}

describe("realtimeRelay with the realtime server behind it", () => {
  it("passes the server's 413 for a 20 MB chunked body on, and stops reading the body too", async () => {
    const realtime = createRealtimeServer({ apps: [{ id: "relay-app", key: "relay-key", secret: "s" }] });
    const { port: internalPort } = await realtime.listen(0, "127.0.0.1");
    closers.push(() => void realtime.close());
    const { port, bytesRead } = await relayServer(internalPort);
    const total = 20 * 1024 * 1024;
    const { answer, written } = await chunkedUpload(port, "/apps/relay-app/events?auth_key=relay-key", total);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(written).toBeLessThan(total / 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(bytesRead).toHaveLength(1);
    expect(bytesRead[0]).toBeLessThan(2 * 1024 * 1024);
    // The worker keeps serving.
    expect((await fetch(`http://127.0.0.1:${port}/apps/relay-app/channels`)).status).toBe(401);
  });
});
