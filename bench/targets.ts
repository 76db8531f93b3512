import http from "node:http";
import path from "node:path";
import Pusher from "pusher";
import { connectPusher } from "./clients/pusher-ws";
import { connectSocketIo } from "./clients/socket-io";
import { BENCH_EVENT, type BenchConnection, type BenchPayload, type ConnectOptions } from "./clients/types";
import { freePort, readRssKib, type ServerProcess, spawnServer } from "./processes";
import { startSoketi } from "./servers/soketi";

export const TARGET_NAMES = ["embedded", "soketi", "socket.io"] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

/** A started server as the scenarios see it: connect clients, publish over its HTTP API, read its RSS. */
export interface RunningTarget {
  name: TargetName;
  pid: number;
  connect(options: ConnectOptions): Promise<BenchConnection>;
  /** Resolves when the server has acknowledged the publish. */
  publish(channel: string, payload: BenchPayload): Promise<void>;
  rssKib(): number;
  stop(): Promise<void>;
}

const app = { id: "bench", key: "bench-key", secret: "bench-secret" };
const rootDir = path.resolve(import.meta.dirname, "..");
// One keep-alive agent so publish latency is not dominated by a TCP handshake per request.
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export async function startTarget(name: TargetName): Promise<RunningTarget> {
  const port = await freePort();
  if (name === "socket.io") return startSocketIoTarget(port);
  const server =
    name === "soketi"
      ? await startSoketi({ port, metricsPort: await freePort(), app })
      : await startEmbedded(port);
  const pusher = new Pusher({
    appId: app.id,
    key: app.key,
    secret: app.secret,
    host: "127.0.0.1",
    port: String(port),
    useTLS: false,
    agent,
  });
  return {
    name,
    pid: server.pid,
    connect: (options) => connectPusher({ port, key: app.key }, options),
    publish: async (channel, payload) => {
      await pusher.trigger(channel, BENCH_EVENT, payload);
    },
    rssKib: () => readRssKib(server.pid),
    stop: () => server.stop(),
  };
}

/** Runs under Node with tsx's loader directly (not the tsx CLI) so the PID is the server's own. */
function spawnTsServer(name: string, file: string, port: number): ServerProcess {
  return spawnServer({
    name,
    command: process.execPath,
    args: ["--import", "tsx", path.join(import.meta.dirname, file)],
    cwd: rootDir,
    env: {
      BENCH_PORT: String(port),
      BENCH_APP_ID: app.id,
      BENCH_APP_KEY: app.key,
      BENCH_APP_SECRET: app.secret,
    },
  });
}

async function startEmbedded(port: number): Promise<ServerProcess> {
  const server = spawnTsServer("embedded", "servers/embedded.ts", port);
  await server.waitForLine(/"ready":true/, 30_000);
  return server;
}

async function startSocketIoTarget(port: number): Promise<RunningTarget> {
  const server = spawnTsServer("socket.io", "servers/socket-io.ts", port);
  await server.waitForLine(/"ready":true/, 30_000);
  return {
    name: "socket.io",
    pid: server.pid,
    connect: (options) => connectSocketIo(port, options),
    publish: (channel, payload) =>
      postJson(port, "/publish", JSON.stringify({ room: channel, event: BENCH_EVENT, data: payload })),
    rssKib: () => readRssKib(server.pid),
    stop: () => server.stop(),
  };
}

function postJson(port: number, pathname: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port,
        path: pathname,
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on("end", () => {
          if (response.statusCode === 200) resolve();
          else reject(new Error(`POST ${pathname} answered ${response.statusCode}`));
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}
