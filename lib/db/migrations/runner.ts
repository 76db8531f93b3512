import { randomUUID } from "node:crypto";
import type { LocalMigration } from "./migrations-dir";
import type { SqlConnection } from "./sql-connection";

// Applies committed migrations and records them in _prisma_migrations exactly as `prisma migrate
// deploy` would, so the Prisma CLI and this runner can take turns on the same database.
// Each migration runs in its own transaction: a failure leaves no trace and the next start retries.

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// The key Prisma's own engine takes, so this runner and `prisma migrate` also exclude each other.
const ADVISORY_LOCK_KEY = 72707369;

export class MigrationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "MigrationError";
  }
}

export interface MigrationReport {
  applied: string[];
  /** Applied earlier, but the file has changed since (not re-run: migrations are append-only). */
  edited: string[];
  /** Recorded in the database but missing here: the database is newer than this code. */
  unknown: string[];
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

export async function applyMigrations(
  db: SqlConnection,
  migrations: LocalMigration[],
): Promise<MigrationReport> {
  await db.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
  try {
    await db.exec(MIGRATIONS_TABLE);
    const rows = await db.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const failed = rows.find((row) => row.finished_at === null);
    if (failed) {
      throw new MigrationError(
        `Migration ${failed.migration_name} is recorded as failed in _prisma_migrations. Fix the database by hand, then mark it rolled back (npx prisma migrate resolve --rolled-back ${failed.migration_name}).`,
      );
    }
    const applied = new Map(rows.map((row) => [row.migration_name, row.checksum]));
    const local = new Set(migrations.map((migration) => migration.name));
    const report: MigrationReport = {
      applied: [],
      edited: migrations
        .filter((m) => applied.has(m.name) && applied.get(m.name) !== m.checksum)
        .map((m) => m.name),
      unknown: [...applied.keys()].filter((name) => !local.has(name)).sort(),
    };
    for (const migration of migrations) {
      if (applied.has(migration.name)) continue;
      await applyOne(db, migration);
      report.applied.push(migration.name);
    }
    return report;
  } finally {
    await db.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]);
  }
}

async function applyOne(db: SqlConnection, migration: LocalMigration): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      await tx.exec(migration.sql);
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${reason}`, {
      cause: error,
    });
  }
}
