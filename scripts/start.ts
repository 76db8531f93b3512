// npm start / npm run dev — serve Parley (and, with no realtime configured, the embedded
// realtime server on the same port). Builds first when the production build is missing or stale.
//
// Production: this process (the launcher) prepares the database and the build, runs the embedded
// realtime server, and forks the app workers (node:cluster) that serve the one public port; see
// lib/launcher/workers.ts. Development: one process serves everything (Next's dev server).
import cluster, { type Worker } from "node:cluster";
import { keepOwnVariables, loadEnv, appRoot as rootDir } from "@/lib/load-env";

const isDev = process.argv.includes("--dev");
// Sets NODE_ENV and loads the .env files for it. Next reads NODE_ENV when it loads, so this must
// happen before anything imports it. App workers inherit the result and read no file again.
loadEnv(isDev ? "development" : "production");

function fail(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  const isExpected =
    error instanceof Error && ["StartupError", "EnvError", "DatabaseError"].includes(error.name);
  console.error(`Parley could not start: ${message}`);
  if (!isExpected && error instanceof Error && process.env.DEBUG) console.error(error.stack);
  process.exit(1);
}

type Env = Awaited<ReturnType<typeof import("@/lib/env").getEnv>>;

async function prepare(): Promise<Env> {
  const { applyGeneratedDefaults } = await import("@/lib/launcher/configure");
  const { assertPortFree } = await import("@/lib/launcher/http-server");
  const { isBuildStale, runBuild } = await import("@/lib/launcher/build");
  const env = applyGeneratedDefaults();
  const { plainRealtimeWarning } = await import("@/lib/realtime/transport-warning");
  const { getClientEnv } = await import("@/lib/env");
  const realtimeWarning = plainRealtimeWarning(env, getClientEnv());
  if (realtimeWarning) console.warn(realtimeWarning);
  await assertPortFree(env.PORT, env.HOSTNAME);

  if (env.DATABASE_URL) {
    const { assertPostgresReachable } = await import("@/lib/db/probe");
    await assertPostgresReachable(env.DATABASE_URL);
  } else if (isDev) {
    // In production the app worker migrates the embedded database: only the process that
    // serves requests opens it (one process per data folder), and the launcher stays small.
    const { migrateDatabase } = await import("@/lib/db");
    await migrateDatabase();
  }

  if (!isDev && isBuildStale(rootDir)) {
    console.log("Building Parley for production (first start or sources changed)…");
    await runBuild(rootDir);
  }
  return env;
}

function readyLine(env: Env, details: string) {
  const host = env.HOSTNAME && env.HOSTNAME !== "0.0.0.0" ? env.HOSTNAME : "localhost";
  const database = env.DATABASE_URL ? "postgres" : "pglite";
  return `Parley ready on http://${host}:${env.PORT} (${isDev ? "development" : "production"}, database: ${database}, ${details})`;
}

async function startEmbeddedRealtime(env: Env) {
  const { createRealtimeServer } = await import("@/lib/realtime/server");
  const { realtimeServerOptions } = await import("@/lib/launcher/realtime-options");
  return createRealtimeServer(
    realtimeServerOptions(env, {
      // Channel and presence webhooks come back to this same app unless sent elsewhere.
      webhookUrl: env.REALTIME_WEBHOOK_URL ?? `http://127.0.0.1:${env.PORT}/api/realtime/webhook`,
    }),
  );
}

/** Once serving: an error that escapes a socket or request handler is logged, not fatal. */
async function guardProcess(name: string) {
  const { installProcessGuard } = await import("@/lib/launcher/process-guard");
  installProcessGuard({ name });
}

/** Every request reaches Next through createAppServer, which sets the client-address header. */
async function trustClientIpHeader() {
  // Forced, not defaulted: the app must never fall back to reading X-Forwarded-For behind it.
  Object.assign(process.env, { LAUNCHER_CLIENT_IP: "true" });
  (await import("@/lib/env")).resetEnvCache();
}

/** Closes the HTTP server, Next and the database, in that order. */
async function closeApp(
  server: import("node:http").Server,
  nextApp: { close(): Promise<void> },
  disconnectDb: () => Promise<void>,
) {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await nextApp.close();
  await disconnectDb();
}

/** Runs `shutdown` once on SIGINT or SIGTERM, then exits 0. */
function stopOnSignal(shutdown: () => Promise<void>) {
  let isStopping = false;
  const stop = async () => {
    if (isStopping) return;
    isStopping = true;
    await shutdown();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/** Development: Next's dev server and the embedded realtime server in this one process. */
async function runSingleProcess() {
  const env = await prepare();
  const { disconnectDb } = await import("@/lib/db");
  const { createAppServer, listen } = await import("@/lib/launcher/http-server");
  const realtime = env.REALTIME_EMBEDDED ? await startEmbeddedRealtime(env) : undefined;
  await trustClientIpHeader();
  // The dev server reloads .env files when they change; the generated defaults must survive it.
  keepOwnVariables();
  const { default: next } = await import("next");
  const nextApp = next({ dev: isDev, dir: rootDir, hostname: env.HOSTNAME ?? "localhost", port: env.PORT });
  await nextApp.prepare();
  const server = createAppServer({
    app: nextApp.getRequestHandler(),
    appUpgrade: nextApp.getUpgradeHandler(),
    realtime,
    trustedProxies: env.TRUSTED_PROXIES,
  });
  await listen(server, env.PORT, env.HOSTNAME);
  console.log(readyLine(env, `realtime: ${realtime ? "embedded" : "external"}`));
  await guardProcess("Parley");

  // Realtime first: clients get 4200 and reconnect to whichever node comes back.
  stopOnSignal(async () => {
    await realtime?.close();
    await closeApp(server, nextApp, disconnectDb);
  });
}

/** Production launcher: realtime server here, the app in worker processes on the public port. */
async function runPrimary() {
  const env = await prepare();
  const { acceptHandedUpgrade, parseUpgradeMessage, workerCount } = await import("@/lib/launcher/workers");
  const { StartupError } = await import("@/lib/launcher/configure");

  const realtime = env.REALTIME_EMBEDDED ? await startEmbeddedRealtime(env) : undefined;
  const internalPort = realtime ? (await realtime.listen(0, "127.0.0.1")).port : undefined;
  const count = workerCount(env);
  if (count === 1 && (env.WEB_CONCURRENCY ?? 1) > 1)
    console.log("WEB_CONCURRENCY is ignored on the embedded database: one process serves it.");
  const workerEnv = internalPort ? { REALTIME_INTERNAL_PORT: String(internalPort) } : {};

  let isStopping = false;
  let ready = 0;
  let announced = false;
  const restarts: number[] = [];
  const workers = new Set<Worker>();

  const stop = async (code = 0) => {
    if (isStopping) return;
    isStopping = true;
    // Realtime first: clients get 4200 and reconnect to whichever node comes back.
    await realtime?.close();
    const exits = [...workers].map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          worker.once("exit", () => resolve());
          worker.process.kill("SIGTERM");
        }),
    );
    const deadline = setTimeout(() => {
      for (const worker of workers) if (!worker.isDead()) worker.process.kill("SIGKILL");
    }, 10_000);
    await Promise.all(exits);
    clearTimeout(deadline);
    process.exit(code);
  };

  const fork = () => {
    const worker = cluster.fork(workerEnv);
    workers.add(worker);
    worker.on("message", (message: unknown, handle: unknown) => {
      if (message === "parley:ready") {
        ready += 1;
        const details = `realtime: ${realtime ? "embedded" : "external"}, ${count} worker${count === 1 ? "" : "s"}`;
        if (ready === count && !announced) {
          announced = true;
          console.log(readyLine(env, details));
        }
        return;
      }
      const upgrade = parseUpgradeMessage(message);
      if (!upgrade || !handle) return;
      const socket = handle as import("node:net").Socket;
      if (!realtime) socket.destroy();
      else acceptHandedUpgrade(upgrade, socket, realtime.handleUpgrade);
    });
    worker.on("exit", (code, signal) => {
      workers.delete(worker);
      if (isStopping) return;
      if (!announced) {
        // A worker that cannot start (port taken, broken build) stops the whole launch.
        console.error(`Parley could not start: an app worker exited (${signal ?? `code ${code}`}).`);
        void stop(1);
        return;
      }
      const now = Date.now();
      restarts.push(now);
      while (restarts.length > 0 && (restarts[0] as number) < now - 60_000) restarts.shift();
      if (restarts.length > 5) {
        console.error("Parley is stopping: app workers keep exiting (more than 5 in a minute).");
        void stop(1);
        return;
      }
      console.error(`An app worker exited (${signal ?? `code ${code}`}); starting another.`);
      ready -= 1;
      fork();
    });
  };

  if (count < 1) throw new StartupError("No app workers to start.");
  // One worker accepts its own connections; several get them dealt out in turn by the launcher.
  cluster.schedulingPolicy = count === 1 ? cluster.SCHED_NONE : cluster.SCHED_RR;
  for (let i = 0; i < count; i++) fork();
  await guardProcess("launcher");
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

/** An app worker: Next's production server on the shared port. */
async function runWorker() {
  const { getEnv } = await import("@/lib/env");
  const env = getEnv();
  const { createAppServer, listen } = await import("@/lib/launcher/http-server");
  const { realtimeRelay } = await import("@/lib/launcher/workers");
  const { disconnectDb, migrateDatabase } = await import("@/lib/db");
  if (!env.DATABASE_URL) await migrateDatabase();
  await trustClientIpHeader();
  const { default: next } = await import("next");
  const nextApp = next({ dev: false, dir: rootDir, hostname: env.HOSTNAME ?? "localhost", port: env.PORT });
  await nextApp.prepare();
  const relay = env.REALTIME_INTERNAL_PORT
    ? realtimeRelay({
        internalPort: env.REALTIME_INTERNAL_PORT,
        send: (message, socket, callback) => {
          if (!process.send) return callback(new Error("no launcher"));
          process.send(message, socket, undefined, callback);
        },
      })
    : undefined;
  const server = createAppServer({
    app: nextApp.getRequestHandler(),
    realtime: relay,
    trustedProxies: env.TRUSTED_PROXIES,
  });
  await listen(server, env.PORT, env.HOSTNAME);
  process.send?.("parley:ready");
  await guardProcess("app worker");

  stopOnSignal(() => closeApp(server, nextApp, disconnectDb));
}

if (isDev) runSingleProcess().catch(fail);
else if (cluster.isPrimary) runPrimary().catch(fail);
else runWorker().catch(fail);
