// Real Pusher-protocol servers for integration tests, each a plain child process on a free
// loopback port, stopped by its PID: soketi 1.6.1 from bench/node_modules, and Parley's own
// standalone server (`npm run realtime`).
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const benchDir = path.join(root, "bench");
const soketiEntry = path.join(benchDir, "node_modules/@soketi/soketi/bin/server.js");

export interface RealtimeApp {
  id: string;
  key: string;
  secret: string;
}

export interface RunningServer {
  port: number;
  /** What the process wrote, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Why soketi cannot run here, or null when it can (bench/ installs it). */
export function soketiMissingReason(): string | null {
  return fs.existsSync(soketiEntry)
    ? null
    : "soketi 1.6.1 is not installed: run `npm --prefix bench install --no-audit --no-fund` (.ci/run does)";
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function track(child: ChildProcess, name: string) {
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const pid = child.pid;
    if (pid === undefined) return;
    process.kill(pid, "SIGTERM");
    const timer = setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, "SIGKILL");
    }, 5_000);
    await exited;
    clearTimeout(timer);
  };
  const describe = () => `${name} output:\n${output.slice(-2_000)}`;
  return { output: () => output, stop, exited, describe };
}

async function waitUntil(
  ready: () => Promise<boolean>,
  exited: Promise<void>,
  what: string,
  timeoutMs: number,
) {
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`${what} exited before it was ready`);
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} was not ready within ${timeoutMs} ms`);
}

/** The app Parley needs: client messages and user authentication on, webhooks when given. */
function parleyAppEnvironment(app: RealtimeApp, webhookUrl: string | undefined): Record<string, string> {
  return {
    SOKETI_DEFAULT_APP_ID: app.id,
    SOKETI_DEFAULT_APP_KEY: app.key,
    SOKETI_DEFAULT_APP_SECRET: app.secret,
    SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES: "true",
    SOKETI_DEFAULT_APP_USER_AUTHENTICATION: "true",
    ...(webhookUrl
      ? {
          SOKETI_DEFAULT_APP_WEBHOOKS: JSON.stringify([
            {
              url: webhookUrl,
              event_types: ["channel_occupied", "channel_vacated", "member_added", "member_removed"],
            },
          ]),
        }
      : {}),
  };
}

/**
 * soketi 1.6.1 on a free loopback port with one app, set up as Parley needs it (compose.yaml does
 * the same), or with the app settings given as they are (compose.yaml's own).
 */
export async function startSoketi(
  app: RealtimeApp,
  options: { webhookUrl?: string; appEnvironment?: Record<string, string> } = {},
): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [soketiEntry, "start"], {
    // soketi reads a .env from its working directory: bench/ has none.
    cwd: benchDir,
    env: {
      // Only what is set here: nothing of the test's own environment reaches soketi's options.
      PATH: process.env.PATH,
      NODE_ENV: "production",
      ...(options.appEnvironment ?? parleyAppEnvironment(app, options.webhookUrl)),
      SOKETI_HOST: "127.0.0.1",
      SOKETI_PORT: String(port),
      SOKETI_METRICS_ENABLED: "false",
      // soketi always opens its /usage endpoint: keep it on loopback and off the default 9601.
      SOKETI_METRICS_HOST: "127.0.0.1",
      SOKETI_METRICS_SERVER_PORT: String(await freePort()),
      SOKETI_SHUTDOWN_GRACE_PERIOD: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tracked = track(child, "soketi");
  try {
    await waitUntil(
      async () => (await fetch(`http://127.0.0.1:${port}/ready`)).ok,
      tracked.exited,
      "soketi",
      20_000,
    );
  } catch (error) {
    await tracked.stop();
    throw new Error(`${(error as Error).message}\n${tracked.describe()}`);
  }
  return { port, output: tracked.output, stop: tracked.stop };
}

/** Parley's own Pusher-protocol server on its own port, as `npm run realtime` starts it. */
export async function startStandaloneRealtime(app: RealtimeApp): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/realtime.ts"], {
    cwd: root,
    env: {
      ...process.env,
      PUSHER_APP_ID: app.id,
      PUSHER_KEY: app.key,
      PUSHER_SECRET: app.secret,
      REALTIME_HOST: "127.0.0.1",
      REALTIME_PORT: String(port),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tracked = track(child, "npm run realtime");
  try {
    await waitUntil(
      async () => tracked.output().includes("Realtime server listening"),
      tracked.exited,
      "npm run realtime",
      20_000,
    );
  } catch (error) {
    await tracked.stop();
    throw new Error(`${(error as Error).message}\n${tracked.describe()}`);
  }
  return { port, output: tracked.output, stop: tracked.stop };
}
