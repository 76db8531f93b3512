import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** A second Parley process of the suite's own, on the embedded engines, for restart tests. */
export interface ParleyProcess {
  baseURL: string;
  /** The launcher's PID (its app workers are its children). */
  pid: number;
  /** Everything it printed so far. */
  output(): string;
  /** Sends SIGTERM and resolves with the exit code once the process has shut down. */
  stop(): Promise<number | null>;
}

/** A standalone realtime server (`npm run realtime`) the suite starts and stops by PID. */
export interface RealtimeProcess {
  port: number;
  pid: number;
  /** Sends SIGTERM and resolves with the exit code once the process has shut down. */
  stop(): Promise<number | null>;
}

/** App credentials a spawned Parley and a spawned realtime server share. */
export interface RealtimeCredentials {
  PUSHER_APP_ID: string;
  PUSHER_KEY: string;
  PUSHER_SECRET: string;
}

// Whatever the suite itself was started with, spawned processes get only the configuration the
// test gives them: the embedded database and engines unless told otherwise.
const OWN_CONFIGURATION = [
  "DATABASE_URL",
  "AUTH_SECRET",
  "PUSHER_APP_ID",
  "PUSHER_KEY",
  "PUSHER_SECRET",
  "PUSHER_HOST",
  "PUSHER_PORT",
  "PUSHER_USE_TLS",
  "PUSHER_CLUSTER",
  "NEXT_PUBLIC_PUSHER_KEY",
  "NEXT_PUBLIC_PUSHER_HOST",
  "NEXT_PUBLIC_PUSHER_PORT",
  "NEXT_PUBLIC_PUSHER_USE_TLS",
  "NEXT_PUBLIC_PUSHER_CLUSTER",
  "REALTIME_HOST",
  "REALTIME_PORT",
  "REALTIME_WEBHOOK_URL",
  "REALTIME_EMBEDDED",
  "REALTIME_INTERNAL_PORT",
  "WEB_CONCURRENCY",
  "TRUSTED_PROXIES",
  "RATE_LIMIT_SCALE",
];

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of OWN_CONFIGURATION) delete env[name];
  return { ...env, ...extra };
}

/** Spawns a script with plain node and tsx's loader (the tsx CLI wrapper would SIGKILL a child slow to take a signal). */
function spawnScript(script: string, env: NodeJS.ProcessEnv) {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

const root = path.resolve(import.meta.dirname, "../../..");

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "parley-restart-"));
}

/**
 * Starts Parley on `port` with its data (and embedded database) in `dataDir`. `env` adds
 * configuration, e.g. a self-hosted realtime server's PUSHER_HOST/PORT and credentials.
 */
export async function startParley({
  port,
  dataDir,
  env = {},
}: {
  port: number;
  dataDir: string;
  env?: Record<string, string>;
}): Promise<ParleyProcess> {
  const { child, output, stop } = spawnScript(
    "scripts/start.ts",
    childEnv({ ...env, PORT: String(port), DATA_DIR: dataDir }),
  );
  const baseURL = `http://localhost:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Parley exited during start-up:\n${output()}`);
    const ok = await fetch(`${baseURL}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`Parley did not answer within 120 s:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { baseURL, pid: child.pid as number, output, stop };
}

/**
 * Starts the standalone realtime server (`npm run realtime`) on 127.0.0.1:`port` and resolves
 * once it listens. Its channel and presence webhooks go to `webhookUrl`.
 */
export async function startRealtimeServer({
  port,
  credentials,
  webhookUrl,
}: {
  port: number;
  credentials: RealtimeCredentials;
  webhookUrl: string;
}): Promise<RealtimeProcess> {
  const { child, output, stop } = spawnScript(
    "scripts/realtime.ts",
    childEnv({
      ...credentials,
      REALTIME_HOST: "127.0.0.1",
      REALTIME_PORT: String(port),
      REALTIME_WEBHOOK_URL: webhookUrl,
    }),
  );
  const deadline = Date.now() + 30_000;
  while (!output().includes("Realtime server listening")) {
    if (child.exitCode !== null) throw new Error(`The realtime server exited during start-up:\n${output()}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The realtime server did not listen within 30 s:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { port, pid: child.pid as number, stop };
}
