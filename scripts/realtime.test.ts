import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { CONTAINED_ERROR_MARKER } from "@/lib/launcher/process-guard";
import { connected, pusherJsClient, restClient, subscribed } from "@/tests/realtime-conformance/clients";
import { rawUpgrade, upgradeRequest } from "@/tests/realtime-conformance/raw-upgrade";
import type { Target } from "@/tests/realtime-conformance/target";

const root = path.resolve(import.meta.dirname, "..");
const credentials = {
  PUSHER_APP_ID: "launch-app",
  PUSHER_KEY: "launch-key",
  PUSHER_SECRET: "launch-secret-0123456789",
};
const children: ChildProcess[] = [];

function launch(env: Record<string, string>, preload: string[] = []) {
  const { PUSHER_APP_ID: _id, PUSHER_KEY: _key, PUSHER_SECRET: _secret, ...inherited } = process.env;
  const imports = preload.flatMap((module) => ["--import", module]);
  const child = spawn(process.execPath, ["--import", "tsx", ...imports, "scripts/realtime.ts"], {
    cwd: root,
    env: { ...inherited, ...env },
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function until(check: () => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

describe("npm run realtime", () => {
  it("names the missing credentials in one line and exits 1", async () => {
    const run = launch({ PUSHER_APP_ID: "only-id" });
    expect(await run.exited).toBe(1);
    const { stderr } = run.output();
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/PUSHER_KEY, PUSHER_SECRET/);
  });

  it("logs one line when listening, serves pusher clients, and closes them with 4200 on SIGTERM", async () => {
    const port = await freePort();
    const run = launch({ ...credentials, REALTIME_PORT: String(port) });
    await until(() => run.output().stdout.includes("listening"));
    expect(run.output().stdout.trim().split("\n")).toHaveLength(1);

    const ws = new WebSocket(`ws://127.0.0.1:${port}/app/launch-key?protocol=7`);
    await new Promise((resolve) => ws.once("message", resolve));
    const closed = new Promise<number>((resolve) => ws.once("close", resolve));
    run.child.kill("SIGTERM");
    expect(await closed).toBe(4200);
    expect(await run.exited).toBe(0);
  });

  it("reports a port in use in one line, without a stack trace", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const run = launch({ ...credentials, REALTIME_PORT: String(port) });
      expect(await run.exited).toBe(1);
      const { stderr } = run.output();
      expect(stderr.trim().split("\n")).toHaveLength(1);
      expect(stderr).toMatch(new RegExp(`port ${port} is in use`));
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});

describe("npm run realtime against hostile clients", () => {
  const started = async (env: Record<string, string> = {}) => {
    const port = await freePort();
    const run = launch({ ...credentials, REALTIME_PORT: String(port), ...env });
    await until(() => run.output().stdout.includes("listening"));
    const target: Target = {
      host: "127.0.0.1",
      port,
      appId: credentials.PUSHER_APP_ID,
      key: credentials.PUSHER_KEY,
      secret: credentials.PUSHER_SECRET,
      close: async () => {},
    };
    return { run, target };
  };

  it("survives the malformed upgrade that used to end it, and serves pusher-js and the SDK afterwards", async () => {
    const { run, target } = await started();
    const answer = await rawUpgrade(target.port, upgradeRequest("/app/%E0%A4%A?protocol=7"));
    expect(answer).toMatchObject({ status: 101, closeCode: 4001 });
    const client = pusherJsClient(target, { presence: { user_id: "survivor" } });
    try {
      await connected(client);
      const channel = await subscribed(client, "presence-survivor");
      const received = new Promise((resolve) => channel.bind("still-alive", resolve));
      await restClient(target).trigger("presence-survivor", "still-alive", { ok: true });
      expect(await received).toEqual({ ok: true });
    } finally {
      client.disconnect();
    }
    expect(run.child.exitCode).toBeNull();
    // Handled as a refusal, not caught by the process guard.
    expect(run.output().stderr).not.toContain(CONTAINED_ERROR_MARKER);
    expect(run.output().stderr).toBe("");
  });

  it("logs an error that escapes a handler and keeps serving (the process guard)", async () => {
    const port = await freePort();
    const run = launch({ ...credentials, REALTIME_PORT: String(port) }, [
      "./tests/fixtures/fault-after-listen.mjs",
    ]);
    await until(() => run.output().stderr.includes(CONTAINED_ERROR_MARKER));
    expect(run.output().stderr).toContain("injected fault after listening");
    const ws = new WebSocket(`ws://127.0.0.1:${port}/app/${credentials.PUSHER_KEY}?protocol=7`);
    const first = await new Promise<string>((resolve) => ws.once("message", (data) => resolve(String(data))));
    expect(JSON.parse(first).event).toBe("pusher:connection_established");
    ws.terminate();
    expect(run.child.exitCode).toBeNull();
  });

  it("takes its connection limits from REALTIME_MAX_CONNECTIONS_PER_IP and REALTIME_MAX_CONNECTIONS", async () => {
    const open = async (port: number) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/app/${credentials.PUSHER_KEY}?protocol=7`);
      const first = await new Promise<string>((resolve) =>
        ws.once("message", (data) => resolve(String(data))),
      );
      return { ws, first: JSON.parse(first) as { event: string; data: { code?: number } } };
    };
    const perIp = await started({ REALTIME_MAX_CONNECTIONS_PER_IP: "2" });
    const sockets = [await open(perIp.target.port), await open(perIp.target.port)];
    expect(sockets.map((s) => s.first.event)).toEqual([
      "pusher:connection_established",
      "pusher:connection_established",
    ]);
    const third = await open(perIp.target.port);
    expect(third.first).toMatchObject({ event: "pusher:error", data: { code: 4100 } });
    for (const { ws } of [...sockets, third]) ws.terminate();

    const perApp = await started({ REALTIME_MAX_CONNECTIONS: "1" });
    const only = await open(perApp.target.port);
    expect(only.first.event).toBe("pusher:connection_established");
    const second = await open(perApp.target.port);
    expect(second.first).toMatchObject({ event: "pusher:error", data: { code: 4004 } });
    for (const { ws } of [only, second]) ws.terminate();
  });
});
