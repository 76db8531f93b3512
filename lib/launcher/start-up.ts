// What every way of serving Parley does before and around serving: check the configuration, the
// port, the database and the build; start the embedded realtime server; say "ready" in one line;
// fail in one line. The layouts that serve (one process, or a launcher with app workers) are in
// single-process.ts, launcher.ts and app-worker.ts.
import { isDebug, type ServerEnv } from "@/lib/env";
import { appRoot } from "@/lib/load-env";

export type Env = ServerEnv;

/** Ends the process with one line; the stack only for an unexpected error with DEBUG set. */
export function fail(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  const isExpected =
    error instanceof Error &&
    ["StartupError", "EnvError", "DatabaseError", "MigrationError"].includes(error.name);
  console.error(`Parley could not start: ${message}`);
  if (!isExpected && error instanceof Error && isDebug()) console.error(error.stack);
  process.exit(1);
}

/**
 * Generated defaults, a free port, a reachable and migrated database and a current production
 * build, in that order (the cheap checks first, so a taken port fails before a long build).
 * `migrateHere`: this process opens the embedded database (see prepareDatabase).
 */
export async function prepare({ dev, migrateHere }: { dev: boolean; migrateHere: boolean }): Promise<Env> {
  const { applyGeneratedDefaults } = await import("./configure");
  const { assertPortFree } = await import("./http-server");
  const { isBuildStale, runBuild } = await import("./build");
  const env = applyGeneratedDefaults();
  const { internalRealtimeHostWarning, plainRealtimeWarning } = await import(
    "@/lib/realtime/transport-warning"
  );
  const { getClientEnv } = await import("@/lib/env");
  const client = getClientEnv();
  const realtimeWarning = internalRealtimeHostWarning(env, client) ?? plainRealtimeWarning(env, client);
  if (realtimeWarning) console.warn(realtimeWarning);
  await assertPortFree(env.PORT, env.listenHost);
  if (!env.REALTIME_EMBEDDED) await assertRealtimeServerAccepts(env);

  await prepareDatabase(env, { migrateHere });

  if (!dev && isBuildStale(appRoot)) {
    console.log("Building Parley for production (first start or sources changed)…");
    await runBuild(appRoot);
  }
  return env;
}

/** The name to print and to hand Next for the listen address: "localhost" for every interface. */
export function displayHost(env: Env): string {
  const host = env.listenHost;
  if (!host || host === "0.0.0.0" || host === "::") return "localhost";
  return host.includes(":") ? `[${host}]` : host;
}

/**
 * An external Pusher-protocol server must accept Parley's credentials before Parley serves: a
 * wrong secret would otherwise lose every message (soketi even answers it with HTTP 200).
 */
async function assertRealtimeServerAccepts(env: Env): Promise<void> {
  const { StartupError } = await import("./configure");
  const { getRealtimeServerConfig } = await import("@/lib/realtime/config");
  const { checkRealtimeKey, checkRealtimeServer } = await import("@/lib/realtime/check");
  const { PUSHER_APP_ID, PUSHER_KEY, PUSHER_SECRET } = env;
  if (!PUSHER_APP_ID || !PUSHER_KEY || !PUSHER_SECRET) {
    const missing = Object.entries({ PUSHER_APP_ID, PUSHER_KEY, PUSHER_SECRET }).flatMap(([name, value]) =>
      value ? [] : [name],
    );
    const server = env.PUSHER_HOST
      ? `PUSHER_HOST=${env.PUSHER_HOST}`
      : `PUSHER_CLUSTER=${env.PUSHER_CLUSTER}`;
    throw new StartupError(
      `Missing ${missing.join(", ")}: the app credentials of the realtime server (${server}).`,
    );
  }
  // A realtime container started alongside may need a few seconds before it answers.
  const config = getRealtimeServerConfig(env);
  const result = await checkRealtimeServer(config, { waitForMs: 10_000 });
  if (!result.ok) throw new StartupError(result.reason);
  // Sockets name the app by PUSHER_KEY, which soketi does not check on REST requests.
  const keyResult = await checkRealtimeKey(config);
  if (!keyResult.ok) throw new StartupError(keyResult.reason);
}

/**
 * The database part of prepare(): PostgreSQL reachable at DATABASE_URL and, unless
 * MIGRATE_ON_START=false, migrated (through the direct URL when one is set); the embedded
 * database migrated by the process that opens it (`migrateHere`), always.
 */
export async function prepareDatabase(env: Env, { migrateHere }: { migrateHere: boolean }): Promise<void> {
  if (env.postgres) {
    const { assertPostgresReachable } = await import("@/lib/db/probe");
    await assertPostgresReachable(env.postgres.url);
    // One process migrates PostgreSQL before any serves it (the launcher before it forks its
    // workers), and the runner's advisory lock keeps app servers starting at once from running
    // the same migration twice.
    if (env.MIGRATE_ON_START) {
      const { migratePostgres, postgresMigrationTarget } = await import("@/lib/db/migrate");
      const { printMigrationReport } = await import("@/lib/db/migrations/report");
      const report = await migratePostgres(env.postgres);
      printMigrationReport(report, postgresMigrationTarget(env.postgres), { quietWhenCurrent: true });
    }
  } else if (migrateHere) {
    const { migrateDatabase } = await import("@/lib/db");
    await migrateDatabase();
  }
}

export function readyLine(env: Env, dev: boolean, details: string): string {
  const host = displayHost(env);
  const database = env.DATABASE_URL ? "postgres" : "pglite";
  return `Parley ready on http://${host}:${env.PORT} (${dev ? "development" : "production"}, database: ${database}, ${details})`;
}

export async function startEmbeddedRealtime(env: Env) {
  const { createRealtimeServer } = await import("@/lib/realtime/server");
  const { realtimeServerOptions } = await import("./realtime-options");
  return createRealtimeServer(
    realtimeServerOptions(env, {
      // Channel and presence webhooks come back to this same app unless sent elsewhere.
      webhookUrl: env.REALTIME_WEBHOOK_URL ?? `http://127.0.0.1:${env.PORT}/api/realtime/webhook`,
    }),
  );
}

/** Once serving: an error that escapes a socket or request handler is logged, not fatal. */
export async function guardProcess(name: string): Promise<void> {
  const { installProcessGuard } = await import("./process-guard");
  installProcessGuard({ name });
}

/** Runs `shutdown` once on SIGINT or SIGTERM, then exits with its code (0 by default). */
export function stopOnSignal(shutdown: () => Promise<number | undefined> | Promise<void>): void {
  let isStopping = false;
  const stop = async () => {
    if (isStopping) return;
    isStopping = true;
    const code = await shutdown();
    process.exit(code ?? 0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
