import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRealtimeServer, type RealtimeServer } from "./index";

const TOTAL = 20 * 1024 * 1024;
const LIMIT = 256 * 1024;

let host: http.Server;
let realtime: RealtimeServer;
let port: number;
/** Bytes the server read from each closed connection. */
const bytesReadByServer: number[] = [];

beforeAll(async () => {
  realtime = createRealtimeServer({
    apps: [{ id: "body-app", key: "body-key", secret: "body-secret" }],
    limits: { maxRequestBodyBytes: LIMIT },
  });
  host = http.createServer((_req, res) => res.writeHead(404).end());
  host.on("connection", (socket) => socket.on("close", () => bytesReadByServer.push(socket.bytesRead)));
  realtime.attach(host);
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  port = (host.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await realtime.close();
  host.closeAllConnections();
  await new Promise<void>((resolve) => host.close(() => resolve()));
});

/**
 * Streams a 20 MB body as fast as the server takes it, reading the answer meanwhile. Resolves
 * with the answer and how much the client managed to hand to its socket before the server
 * hung up.
 */
function upload(headers: string, chunked: boolean): Promise<{ answer: string; written: number }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let answer = "";
    let written = 0;
    let done = false;
    const chunk = Buffer.alloc(64 * 1024, "a");
    const frame = chunked
      ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")])
      : chunk;
    const pump = () => {
      while (!done && written < TOTAL) {
        written += chunk.length;
        if (!socket.write(frame)) return;
      }
      if (!done && chunked) socket.write("0\r\n\r\n");
    };
    socket.on("connect", () => {
      socket.write(`POST /apps/body-app/events?auth_key=body-key HTTP/1.1\r\nHost: x\r\n${headers}\r\n`);
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

describe("REST bodies are bounded while they stream", () => {
  it("a 20 MB chunked body without Content-Length gets 413, and the server stops reading it", async () => {
    bytesReadByServer.length = 0;
    const { answer, written } = await upload(
      "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n",
      true,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/larger than 262144 bytes/);
    // The client could hand over only what fits in the kernel's buffers before the hang-up.
    expect(written).toBeLessThan(TOTAL / 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(bytesReadByServer).toHaveLength(1);
    expect(bytesReadByServer[0]).toBeLessThan(4 * LIMIT);
  });

  it("a declared 20 MB Content-Length gets 413 before any of the body is read", async () => {
    bytesReadByServer.length = 0;
    const { answer } = await upload(`Content-Length: ${TOTAL}\r\nContent-Type: application/json\r\n`, false);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(bytesReadByServer[0]).toBeLessThan(4 * LIMIT);
  });

  it("the server answers normally afterwards", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/apps/body-app/channels`);
    expect(response.status).toBe(401);
  });
});
