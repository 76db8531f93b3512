import type http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppServer, listen } from "./http-server";

const page = `<!doctype html><p>${"Parley ".repeat(600)}</p>`;
let server: http.Server;
let baseUrl: string;

beforeAll(async () => {
  server = createAppServer({
    app: (req, res) => {
      const isJson = req.url?.startsWith("/api/");
      const body = isJson ? JSON.stringify({ text: req.url?.includes("small") ? "short" : page }) : page;
      res.setHeader("Content-Type", isJson ? "application/json" : "text/html; charset=utf-8");
      // As route handlers answer: a length only when they declare one (see jsonResponse).
      if (req.url?.includes("with-length")) res.setHeader("Content-Length", Buffer.byteLength(body));
      res.end(body);
    },
  });
  await listen(server, 0, "127.0.0.1");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("the launcher's HTTP server", () => {
  it("keeps idle connections open longer than the proxies in front of it do", () => {
    expect(server.keepAliveTimeout).toBeGreaterThan(60_000);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
  });
});

describe("the launcher's compression", () => {
  it("gzips pages and API reads of a kilobyte or more, for clients that accept it", async () => {
    // A streamed API answer has no length of its own; coalescing gives it one before compression.
    for (const path of [
      "/",
      "/c/x",
      "/api/conversations/x/messages?with-length",
      "/api/conversations/x/messages",
    ]) {
      const response = await fetch(`${baseUrl}${path}`, { headers: { "accept-encoding": "gzip" } });
      expect(response.headers.get("content-encoding")).toBe("gzip");
      expect(response.headers.get("vary")).toMatch(/accept-encoding/i);
      const text = await response.text();
      expect(text).toContain("Parley Parley");
    }
  });

  it("leaves writes' answers, small API reads and clients without gzip uncompressed", async () => {
    const read = await fetch(`${baseUrl}/api/conversations/x/messages?small`, {
      headers: { "accept-encoding": "gzip" },
    });
    expect(read.headers.get("content-encoding")).toBeNull();
    expect(JSON.parse(await read.text()).text).toBe("short");
    const write = await fetch(`${baseUrl}/api/conversations/x/messages`, {
      method: "POST",
      headers: { "accept-encoding": "gzip" },
      body: "{}",
    });
    expect(write.headers.get("content-encoding")).toBeNull();
    expect(JSON.parse(await write.text()).text).toBe(page);
    const identity = await fetch(`${baseUrl}/`, { headers: { "accept-encoding": "identity" } });
    expect(identity.headers.get("content-encoding")).toBeNull();
    expect(await identity.text()).toBe(page);
  });
});

describe("the launcher's response coalescing", () => {
  let streaming: http.Server;
  let streamingUrl: string;
  const writesPerResponse: number[] = [];

  beforeAll(async () => {
    // Answers as Next streams a route handler's body: headers flushed on their own, the body
    // in chunks on later turns, then end().
    streaming = createAppServer({
      app: async (req, res) => {
        const socket = res.socket as unknown as { _writeGeneric: (...args: unknown[]) => unknown };
        let writes = 0;
        const writeGeneric = socket._writeGeneric;
        socket._writeGeneric = function (this: unknown, ...args: unknown[]) {
          writes += 1;
          return writeGeneric.apply(this, args);
        };
        res.on("finish", () => {
          writesPerResponse.push(writes);
          socket._writeGeneric = writeGeneric;
        });
        const size = Number(new URL(req.url ?? "/", "http://x").searchParams.get("size") ?? 100);
        res.statusCode = Number(new URL(req.url ?? "/", "http://x").searchParams.get("status") ?? 200);
        res.setHeader("Content-Type", "application/json");
        res.flushHeaders();
        const body = Buffer.alloc(size, "a");
        for (let offset = 0; offset < size; offset += 16 * 1024) {
          await new Promise((resolve) => setTimeout(resolve, 1));
          res.write(body.subarray(offset, offset + 16 * 1024));
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
        res.end();
      },
    });
    await listen(streaming, 0, "127.0.0.1");
    streamingUrl = `http://127.0.0.1:${(streaming.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => streaming.close(() => resolve()));
  });

  it("sends a small streamed answer in one write, with its length", async () => {
    writesPerResponse.length = 0;
    const response = await fetch(`${streamingUrl}/api/x?size=300`, { method: "POST" });
    expect(response.headers.get("content-length")).toBe("300");
    expect(response.headers.get("transfer-encoding")).toBeNull();
    expect(await response.text()).toBe("a".repeat(300));
    expect(writesPerResponse).toEqual([1]);
  });

  it("streams a body larger than the limit, whole and in order", async () => {
    const size = 200 * 1024;
    const response = await fetch(`${streamingUrl}/api/x?size=${size}`, { method: "POST" });
    expect(response.headers.get("content-length")).toBeNull();
    expect(response.headers.get("transfer-encoding")).toBe("chunked");
    expect(await response.text()).toBe("a".repeat(size));
  });

  it("leaves pages streaming as they render", async () => {
    writesPerResponse.length = 0;
    const response = await fetch(`${streamingUrl}/c/x?size=300`);
    expect(response.headers.get("transfer-encoding")).toBe("chunked");
    expect(await response.text()).toBe("a".repeat(300));
    expect(writesPerResponse[0]).toBeGreaterThan(1);
  });

  it("adds no length to answers that have no body", async () => {
    const empty = await fetch(`${streamingUrl}/api/x?size=0&status=204`, { method: "POST" });
    expect(empty.status).toBe(204);
    expect(empty.headers.get("content-length")).toBeNull();
    const head = await fetch(`${streamingUrl}/api/x?size=50`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBeNull();
  });
});

describe("the launcher's upgrades", () => {
  it("outlives a client that resets its connection while the upgrade is being handed on", async () => {
    // As a worker hands an upgrade to the launcher: the socket is busy elsewhere for a moment.
    let handedOn: (() => void) | undefined;
    const handed = new Promise<void>((resolve) => {
      handedOn = resolve;
    });
    const upgrades = createAppServer({
      app: (_req, res) => {
        res.end();
      },
      realtime: {
        handleRequest: () => false,
        handleUpgrade: (_req, socket) => {
          setTimeout(() => {
            socket.destroy();
            handedOn?.();
          }, 200);
          return true;
        },
      },
    });
    await listen(upgrades, 0, "127.0.0.1");
    const { port } = upgrades.address() as AddressInfo;
    const errors: Error[] = [];
    const onUncaught = (error: Error) => errors.push(error);
    process.on("uncaughtException", onUncaught);
    try {
      const client = net.connect(port, "127.0.0.1");
      await new Promise<void>((resolve) => client.once("connect", () => resolve()));
      client.write(
        "GET /app/key?protocol=7 HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
          "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      // A closing browser tab: RST, not FIN.
      client.resetAndDestroy();
      await handed;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(errors).toEqual([]);
    } finally {
      process.off("uncaughtException", onUncaught);
      await new Promise<void>((resolve) => upgrades.close(() => resolve()));
    }
  });
});
