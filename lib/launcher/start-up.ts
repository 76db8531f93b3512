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
  const { plainRealtimeWarning } = await import("@/lib/realtime/transport-warning");
  const { getClientEnv } = await import("@/lib/env");
  const realtimeWarning = plainRealtimeWarning(env, getClientEnv());
  if (realtimeWarning) console.warn(realtimeWarning);
  await assertPortFree(env.PORT, env.HOSTNAME);

  await prepareDatabase(env, { migrateHere });

  if (!dev && isBuildStale(appRoot)) {
    console.log("Building Parley for production (first start or sources changed)…");
    await runBuild(appRoot);
  }
  return env;
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
  const host = env.HOSTNAME && env.HOSTNAME !== "0.0.0.0" ? env.HOSTNAME : "localhost";
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
