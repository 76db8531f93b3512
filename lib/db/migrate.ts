import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { describePostgresError } from "./errors";
import { defaultMigrationsDir, readMigrations } from "./migrations/migrations-dir";
import { applyMigrations, type MigrationReport } from "./migrations/runner";
import { fromPGlite, fromPgClient } from "./migrations/sql-connection";
import { openPGliteDir } from "./pglite";

export async function migratePostgres(
  url: string,
  migrationsDir = defaultMigrationsDir(),
): Promise<MigrationReport> {
  const migrations = readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw describePostgresError(error, url);
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
  const opened = await openPGliteDir(dir);
  try {
    return await applyMigrations(fromPGlite(opened.db), migrations);
  } finally {
    await opened.close();
  }
}
