import path from "node:path";
import { getEnv } from "@/lib/env";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { connectPGlite, connectPostgres, type DatabaseKind, type OpenDatabase } from "./connect";
import { migrateEmbedded, migratePostgres, postgresMigrationTarget } from "./migrate";
import { defaultMigrationsDir, listMigrationNames } from "./migrations/migrations-dir";
import { pendingMigrationNames } from "./migrations/pending";
import type { MigrationReport } from "./migrations/runner";

// The one database client for the process. Next.js reloads modules in development, so the
// instance lives on globalThis; a second PrismaClient would open a second pool (or, for PGlite,
// trip the data-folder lock).

export type { DatabaseKind } from "./connect";
export { DatabaseError, isUniqueViolation } from "./errors";
export type { MigrationReport } from "./migrations/runner";
export { assertPostgresReachable } from "./probe";
export type Db = PrismaClient;

const state = globalThis as { __parleyDb?: OpenDatabase };

export function databaseKind(): DatabaseKind {
  return getEnv().postgres ? "postgres" : "pglite";
}

/** Where the embedded database keeps its files. */
export function embeddedDatabaseDir(): string {
  return path.join(getEnv().dataDir, "db");
}

function openDb(): OpenDatabase {
  state.__parleyDb ??= openConfigured();
  return state.__parleyDb;
}

export function getDb(): PrismaClient {
  return openDb().client;
}

/**
 * Rows of one of the statements every request runs (the session check, the send, the sidebar
 * rows), by the shortest path to the database: see OpenDatabase.hotRows. Anything else uses
 * getDb().$queryRaw.
 */
export function hotRows<T>(query: Prisma.Sql): Promise<T[]> {
  return openDb().hotRows<T>(query);
}

function openConfigured(): OpenDatabase {
  const postgres = getEnv().postgres;
  return postgres ? connectPostgres(postgres) : connectPGlite(embeddedDatabaseDir());
}

/**
 * Applies committed migrations to the configured database (start-up and `npm run db:migrate`):
 * on PostgreSQL over a connection of their own, to the direct URL when one is set.
 */
export async function migrateDatabase(options: { migrationsDir?: string } = {}): Promise<MigrationReport> {
  const postgres = getEnv().postgres;
  if (postgres) return migratePostgres(postgres, options.migrationsDir);
  return migrateEmbedded(embeddedDatabaseDir(), state.__parleyDb?.pglite, options.migrationsDir);
}

/** What migrations run against, for messages: "PostgreSQL (DIRECT_DATABASE_URL)" or the folder. */
export function migrationTarget(): string {
  const postgres = getEnv().postgres;
  return postgres ? postgresMigrationTarget(postgres) : embeddedDatabaseDir();
}

/** Committed migrations the configured database has not applied yet, oldest first. */
export async function listPendingMigrations(migrationsDir = defaultMigrationsDir()): Promise<string[]> {
  return pendingMigrationNames(getDb(), listMigrationNames(migrationsDir));
}

/** A cheap liveness probe for the health endpoint: true when `SELECT 1` answers in time. */
export async function checkDatabase(timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      console.error(`Database health check: no answer within ${timeoutMs} ms.`);
      resolve(false);
    }, timeoutMs);
  });
  // Async so that a failure to open (a locked data folder) also counts as unhealthy.
  const probe = (async () => {
    await getDb().$queryRaw`SELECT 1`;
    return true;
  })().catch((error: unknown) => {
    // Prisma's message opens with the call site; the cause is on the last line.
    const reason = error instanceof Error ? error.message.trim().split("\n").at(-1) : String(error);
    console.error(`Database health check failed: ${reason}`);
    return false;
  });
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Integration tests only: make getDb() (and so every domain function) use `database`, a migrated
 * throwaway database, instead of the configured one.
 */
export function setDatabaseForTests(database: OpenDatabase | undefined): void {
  state.__parleyDb = database;
}

/** Closes the pool (or the embedded database and its lock) so the process can exit. */
export async function disconnectDb(): Promise<void> {
  const open = state.__parleyDb;
  state.__parleyDb = undefined;
  await open?.close();
}
