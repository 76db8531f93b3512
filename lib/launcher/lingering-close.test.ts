import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { lingerAfterUnreadBody } from "./lingering-close";

// A client that writes its whole body before reading (as most HTTP clients do) must still get the
// server's early 413, not a reset.

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function refusingServer(linger: boolean, options?: { bytes?: number }) {
  const server = http.createServer((req, res) => {
    if (linger) lingerAfterUnreadBody(req, res, options);
    // Refused before a byte of the body is read, as the app's routes refuse an oversized body.
    res.writeHead(413, { "content-type": "application/json", connection: "close" });
    res.end('{"error":{"code":"too_large:body"}}');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** POSTs `size` bytes with Content-Length, writing all of it before reading the answer. */
function postWhole(port: number, size: number) {
  return new Promise<{ status: number } | { error: string }>((resolve) => {
    const request = http.request({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: "/",
      headers: { "content-length": size, "content-type": "application/json" },
    });
    request.on("response", (response) => {
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode ?? 0 }));
    });
    request.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    request.end(Buffer.alloc(size, 0x20));
  });
}

describe("lingering close after an answer sent before the body was read", () => {
  it("lets a client that sends 3 MB before reading get its 413, every time", async () => {
    const port = await refusingServer(true);
    for (let i = 0; i < 20; i++) expect(await postWhole(port, 3 * 1024 * 1024)).toEqual({ status: 413 });
  });

  it("discards no more than its byte allowance, then closes", async () => {
    const port = await refusingServer(true, { bytes: 256 * 1024 });
    const result = await postWhole(port, 32 * 1024 * 1024);
    // The answer was there before the close; a client still writing 32 MB then meets the close.
    expect(String("status" in result ? result.status : result.error)).toMatch(/^(413|EPIPE|ECONNRESET)$/);
  });
});
