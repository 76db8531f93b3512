import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { DIRECT_URL_VARIABLES, type PostgresConfig } from "@/lib/env";
import { DatabaseError, describePostgresError } from "./errors";
import { defaultMigrationsDir, readMigrations } from "./migrations/migrations-dir";
import { applyMigrations, type MigrationReport } from "./migrations/runner";
import { fromPGlite, fromPgClient } from "./migrations/sql-connection";

/** How messages name a PostgreSQL migration target: by the variable its URL came from. */
export function postgresMigrationTarget(config: Pick<PostgresConfig, "migrationUrlVariable">): string {
  return `PostgreSQL (${config.migrationUrlVariable})`;
}

/**
 * Migrates PostgreSQL over one connection of its own, to the direct URL when there is one. The
 * runner holds a session advisory lock across its transactions, which a transaction pooler would
 * not keep on one server connection: through one, it refuses rather than risk two runs at once.
 */
export async function migratePostgres(
  config: Pick<PostgresConfig, "migrationUrl" | "migrationUrlVariable" | "isTransactionPooler">,
  migrationsDir = defaultMigrationsDir(),
): Promise<MigrationReport> {
  const { migrationUrl: url, migrationUrlVariable: variable } = config;
  if (config.isTransactionPooler && variable === "DATABASE_URL") {
    throw new DatabaseError(
      `Migrations need a direct connection, and DATABASE_URL goes through a transaction pooler (pgbouncer=true in it, or DATABASE_POOLER=transaction). Set ${DIRECT_URL_VARIABLES[0]} to the database's direct, unpooled URL.`,
    );
  }
  const migrations = readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw describePostgresError(error, url, variable);
  }
  try {
    return await applyMigrations(fromPgClient(client), migrations);
  } finally {
    await client.end();
  }
}

/**
 * Migrates the embedded database. When this process already has it open, the migrations run on
 * that instance; otherwise the folder is opened just for this and closed again, so the lock is
 * free for whichever process serves the app.
 */
export async function migrateEmbedded(
  dir: string,
  openInstance: PGlite | undefined,
  migrationsDir = defaultMigrationsDir(),
): Promise<MigrationReport> {
  const migrations = readMigrations(migrationsDir);
  if (openInstance) return applyMigrations(fromPGlite(openInstance), migrations);
  // Loaded here: a process that migrates PostgreSQL (the launcher) never loads PGlite.
  const { openPGliteDir } = await import("./pglite");
  const opened = await openPGliteDir(dir);
  try {
    return await applyMigrations(fromPGlite(opened.db), migrations);
  } finally {
    await opened.close();
  }
}
