import type http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppServer, listen } from "./http-server";

const page = `<!doctype html><p>${"Parley ".repeat(600)}</p>`;
let server: http.Server;
let baseUrl: string;

beforeAll(async () => {
  server = createAppServer({
    app: (req, res) => {
      const isJson = req.url?.startsWith("/api/");
      const body = isJson ? JSON.stringify({ text: page }) : page;
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
  it("gzips pages, and API reads that declare their length, for clients that accept it", async () => {
    for (const path of ["/", "/c/x", "/api/conversations/x/messages?with-length"]) {
      const response = await fetch(`${baseUrl}${path}`, { headers: { "accept-encoding": "gzip" } });
      expect(response.headers.get("content-encoding")).toBe("gzip");
      expect(response.headers.get("vary")).toMatch(/accept-encoding/i);
      const text = await response.text();
      expect(text).toContain("Parley Parley");
    }
  });

  it("leaves writes' answers, API reads of unknown length and clients without gzip uncompressed", async () => {
    const read = await fetch(`${baseUrl}/api/conversations/x/messages`, {
      headers: { "accept-encoding": "gzip" },
    });
    expect(read.headers.get("content-encoding")).toBeNull();
    expect(JSON.parse(await read.text()).text).toBe(page);
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
