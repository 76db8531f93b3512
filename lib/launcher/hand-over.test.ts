import { type ChildProcess, fork } from "node:child_process";
import type http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRealtimeServer, type RealtimeServer } from "@/lib/realtime/server";
import { connected, pusherJsClient, restClient, subscribed } from "@/tests/realtime-conformance/clients";
import { rawUpgrade, upgradeRequest } from "@/tests/realtime-conformance/raw-upgrade";
import type { Target } from "@/tests/realtime-conformance/target";
import { acceptHandedUpgrade, parseUpgradeMessage } from "./workers";

// The production path of `npm start`: an app worker (a real child process) takes the connection
// and hands the socket itself to the launcher (this process) over IPC; REST calls on the public
// port pass through the worker to the launcher's loopback port.

const app = { id: "hand-over-app", key: "hand-over-key", secret: "hand-over-secret" };
let realtime: RealtimeServer;
let worker: ChildProcess;
let target: Target;
/** What the launcher saw of each handed-over upgrade's socket. */
const peers: { address?: string; port?: number; clientIp: string }[] = [];

beforeAll(async () => {
  realtime = createRealtimeServer({
    apps: [app],
    clientIp: (req: http.IncomingMessage) => {
      const address = req.socket.remoteAddress ?? "unknown";
      peers.push({ address: req.socket.remoteAddress, port: req.socket.remotePort, clientIp: address });
      return address;
    },
  });
  const { port: internalPort } = await realtime.listen(0, "127.0.0.1");
  worker = fork(path.join(import.meta.dirname, "relay-worker.fixture.ts"), {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, REALTIME_INTERNAL_PORT: String(internalPort) },
  });
  const publicPort = await new Promise<number>((resolve, reject) => {
    worker.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
    worker.on("message", (message: unknown, handle: unknown) => {
      if (typeof message === "object" && message && (message as { kind?: string }).kind === "listening") {
        resolve((message as { port: number }).port);
        return;
      }
      // As scripts/start.ts does in the launcher.
      const upgrade = parseUpgradeMessage(message);
      if (upgrade && handle) acceptHandedUpgrade(upgrade, handle as net.Socket, realtime.handleUpgrade);
    });
  });
  target = {
    host: "127.0.0.1",
    port: publicPort,
    appId: app.id,
    key: app.key,
    secret: app.secret,
    close: async () => {},
  };
}, 60_000);

afterAll(async () => {
  worker?.disconnect();
  await realtime?.close();
});

async function expectServing(marker: string) {
  const client = pusherJsClient(target, { presence: { user_id: marker } });
  try {
    await connected(client);
    const channel = await subscribed(client, `presence-${marker}`);
    const received = new Promise((resolve) => channel.bind("still-alive", resolve));
    await restClient(target).trigger(`presence-${marker}`, "still-alive", { marker });
    expect(await received).toEqual({ marker });
  } finally {
    client.disconnect();
  }
}

describe("upgrades handed from a worker to the launcher", () => {
  it("the malformed upgrade that used to end the process is refused; worker and launcher keep serving", async () => {
    const answer = await rawUpgrade(target.port, upgradeRequest("/app/%E0%A4%A?protocol=7"));
    expect(answer.status).toBe(101);
    expect(answer.closeCode).toBe(4001);
    expect(worker.exitCode).toBeNull();
    await expectServing("after-bad-key");
  });

  it("the launcher sees the client's own address and port on a handed-over socket", async () => {
    peers.length = 0;
    const client = net.connect(target.port, "127.0.0.1");
    await new Promise<void>((resolve) => client.once("connect", () => resolve()));
    client.write(upgradeRequest(`/app/${app.key}?protocol=7`));
    await new Promise((resolve) => client.once("data", resolve));
    expect(peers).toEqual([{ address: "127.0.0.1", port: client.localPort, clientIp: "127.0.0.1" }]);
    client.destroy();
  });
});
