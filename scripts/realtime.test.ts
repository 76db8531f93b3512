import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";

const root = path.resolve(import.meta.dirname, "..");
const credentials = {
  PUSHER_APP_ID: "launch-app",
  PUSHER_KEY: "launch-key",
  PUSHER_SECRET: "launch-secret-0123456789",
};
const children: ChildProcess[] = [];

function launch(env: Record<string, string>) {
  const { PUSHER_APP_ID: _id, PUSHER_KEY: _key, PUSHER_SECRET: _secret, ...inherited } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/realtime.ts"], {
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
