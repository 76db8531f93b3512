import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { isBuildStale } from "@/lib/launcher/build";
import { freePort, type ServerProcess, spawnServer } from "../processes";

// A real Parley production server for the delivery benchmark: its own PostgreSQL database,
// migrated by the app's own script, served by scripts/start.ts (the launcher with the embedded
// realtime server, and its app workers) on one port — the deployment a self-hoster runs, on
// loopback.

export interface AppServer {
  baseUrl: string;
  port: number;
  /** Where clients open their realtime sockets: the app's port, or the standalone server's. */
  realtimePort: number;
  /** App worker processes behind the port, as the launcher reported them. */
  workers: number;
  /** The standalone realtime server's process, when there is one. */
  realtimePid?: number;
  pid: number;
  databaseUrl: string;
  appKey: string;
  /** Everything the server printed, kept after the run. */
  logFile: string;
  /** Stops the server by PID, then drops the database and the data folder; safe to call twice. */
  stop(): Promise<void>;
}

const rootDir = path.resolve(import.meta.dirname, "..", "..");

function log(message: string) {
  console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/** Runs a command to completion with its output on stderr (stdout carries the report). */
function run(command: string, args: string[], env: Record<string, string>, cwd = rootDir): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", process.stderr, process.stderr],
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with code ${code}`)),
    );
  });
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Builds when the production build is missing or older than the sources, as `npm start` would. */
export async function buildIfStale(appDir = rootDir): Promise<void> {
  if (!isBuildStale(appDir)) return;
  log(`Building Parley in ${appDir} for production (sources changed since the last build)…`);
  await run(path.join(appDir, "node_modules", ".bin", "next"), ["build"], { NODE_ENV: "production" }, appDir);
}

/**
 * Which server to start: `npm start` of this checkout (the default) or of another one (`appDir`,
 * e.g. an older commit to compare with), or this checkout's server in a forced layout
 * (bench/delivery/serve.ts).
 */
export interface ServerChoice {
  appDir?: string;
  layout?: "single" | "workers";
  /** false: API answers go out as Next writes them (see coalesceResponse). */
  coalesce?: boolean;
}

/** Reads --app-dir, --layout and --coalesce=false from a benchmark's own options. */
export function serverChoiceFrom(values: {
  "app-dir"?: string;
  layout?: string;
  coalesce?: string;
}): ServerChoice {
  const { layout } = values;
  if (layout !== undefined && layout !== "single" && layout !== "workers")
    throw new Error("--layout is single or workers");
  if (values.coalesce !== undefined && values.coalesce !== "true" && values.coalesce !== "false")
    throw new Error("--coalesce is true or false");
  const choice: ServerChoice = {
    appDir: values["app-dir"] ? path.resolve(values["app-dir"]) : undefined,
    layout,
    coalesce: values.coalesce === undefined ? undefined : values.coalesce === "true",
  };
  if (choice.appDir && (choice.layout || choice.coalesce !== undefined))
    throw new Error("--layout and --coalesce apply to this checkout's server, not to --app-dir");
  return choice;
}

/** The options a benchmark adds for ServerChoice (parseArgs). */
export const serverChoiceOptions = {
  "app-dir": { type: "string" },
  layout: { type: "string" },
  coalesce: { type: "string" },
} as const;

export async function startAppServer({
  adminUrl,
  cpuProfileDir,
  realtime = "embedded",
  workers,
  server: choice = {},
}: {
  adminUrl: string;
  /** Run the server under `node --cpu-prof`; the profile is written there when it stops. */
  cpuProfileDir?: string;
  /**
   * `embedded`: the realtime server inside the app process, on its port (the default deployment).
   * `standalone`: the same server in a process of its own (`npm run realtime`), which the app
   * reaches as it would reach soketi or hosted Pusher.
   */
  realtime?: "embedded" | "standalone";
  /** WEB_CONCURRENCY for the launcher; unset leaves its default (one worker). */
  workers?: number;
  server?: ServerChoice;
}): Promise<AppServer> {
  const appDir = choice.appDir ?? rootDir;
  const forced = choice.layout !== undefined || choice.coalesce !== undefined;
  const name = `parley_delivery_${process.pid}_${randomBytes(3).toString("hex")}`;
  const url = databaseUrl(adminUrl, name);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-delivery-"));
  let server: ServerProcess | undefined;
  let realtimeServer: ServerProcess | undefined;
  let databaseCreated = false;
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (server) {
      log(`Stopping the server (pid ${server.pid})`);
      await server.stop();
    }
    await realtimeServer?.stop();
    if (databaseCreated) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
    databaseCreated = true;
    log(`Created database ${name}; migrating`);
    await run(
      path.join(appDir, "node_modules", ".bin", "tsx"),
      ["scripts/db-migrate.ts"],
      { DATABASE_URL: url },
      appDir,
    );

    const port = await freePort();
    const appKey = "bench-delivery-key";
    const credentials = {
      PUSHER_APP_ID: "424243",
      PUSHER_KEY: appKey,
      PUSHER_SECRET: randomBytes(24).toString("hex"),
    };
    let realtimePort = port;
    let realtimeEnv: Record<string, string> = {
      // Whatever the calling shell has configured, this run uses the embedded realtime server.
      PUSHER_HOST: "",
      PUSHER_CLUSTER: "",
      REALTIME_EMBEDDED: "",
    };
    if (realtime === "standalone") {
      do realtimePort = await freePort();
      while (realtimePort === port);
      realtimeServer = spawnServer({
        name: "realtime",
        command: process.execPath,
        args: ["--import", "tsx", "scripts/realtime.ts"],
        cwd: rootDir,
        logFile: path.join(os.tmpdir(), `${name}-realtime.log`),
        env: {
          ...credentials,
          REALTIME_PORT: String(realtimePort),
          REALTIME_HOST: "127.0.0.1",
          REALTIME_WEBHOOK_URL: `http://127.0.0.1:${port}/api/realtime/webhook`,
          // Every receiver connects from this machine's one address.
          REALTIME_MAX_CONNECTIONS_PER_IP: "0",
        },
      });
      await realtimeServer.waitForLine(/Realtime server listening/, 60_000);
      log(`Started the standalone realtime server on port ${realtimePort} (pid ${realtimeServer.pid})`);
      realtimeEnv = { PUSHER_HOST: "127.0.0.1", PUSHER_PORT: String(realtimePort), PUSHER_USE_TLS: "false" };
    }
    const logFile = path.join(os.tmpdir(), `${name}.log`);
    server = spawnServer({
      name: "parley",
      command: process.execPath,
      args: [
        ...(cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfileDir}`] : []),
        // Extra flags for the server's node (and so its workers), e.g. "--trace-gc".
        ...(process.env.BENCH_SERVER_NODE_FLAGS?.split(" ").filter(Boolean) ?? []),
        "--import",
        "tsx",
        forced ? "bench/delivery/serve.ts" : "scripts/start.ts",
      ],
      cwd: appDir,
      logFile,
      env: {
        BENCH_LAYOUT: choice.layout ?? "",
        BENCH_COALESCE: choice.coalesce === false ? "false" : "",
        PORT: String(port),
        DATA_DIR: dataDir,
        DATABASE_URL: url,
        AUTH_SECRET: randomBytes(32).toString("hex"),
        ...credentials,
        ...realtimeEnv,
        WEB_CONCURRENCY: workers ? String(workers) : "",
        // This process signs its people up from their own addresses in X-Forwarded-For, as a
        // proxy on loopback would (accounts.ts).
        TRUSTED_PROXIES: "127.0.0.1",
        // Each person sends far faster than anyone types; the limiter is still asked on every
        // send (its cost is part of what is measured), it just never refuses.
        RATE_LIMIT_SCALE: "1000",
        // Every receiver connects from this machine's one address.
        REALTIME_MAX_CONNECTIONS_PER_IP: "0",
      },
    });
    log(`Starting Parley on port ${port} (pid ${server.pid}, log ${logFile})`);
    const ready = await server.waitForLine(/Parley ready on/, 120_000);
    const workerCount = Number(/(\d+) workers?\)/.exec(ready)?.[1] ?? 1);
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      port,
      realtimePort,
      realtimePid: realtimeServer?.pid,
      workers: workerCount,
      pid: server.pid,
      databaseUrl: url,
      appKey,
      logFile,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
