import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { setDatabaseForTests } from "@/lib/db";
import { clientHotRows, connectPostgres, type OpenDatabase } from "@/lib/db/connect";
import {
  defaultMigrationsDir,
  type LocalMigration,
  readMigrations,
} from "@/lib/db/migrations/migrations-dir";
import { applyMigrations } from "@/lib/db/migrations/runner";
import { fromPGlite, fromPgClient } from "@/lib/db/migrations/sql-connection";
import { createMemoryPGlite } from "@/lib/db/pglite";
import { type PostgresConfig, parseServerEnv } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

// One private, fully migrated database per test file. With DATABASE_URL set (CI) it is a fresh
// database on that PostgreSQL server; without, an in-memory PGlite. Both run the committed
// migrations through the same runner the app uses.

export interface TestDatabase {
  db: PrismaClient;
  kind: "postgres" | "pglite";
  /** Connection string of the created database (PostgreSQL only). */
  url?: string;
  hotRows: OpenDatabase["hotRows"];
  drop(): Promise<void>;
}

/**
 * Creates and migrates a private database. Unless `asDefault` is false it also becomes what
 * getDb() returns in this process, so domain functions under test use it; drop() undoes that.
 */
export async function createTestDatabase(options: { asDefault?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  const created = serverUrl ? await createPostgresDatabase(serverUrl) : await createPGliteDatabase();
  if (options.asDefault === false) return created;
  setDatabaseForTests({
    kind: created.kind,
    client: created.db,
    hotRows: created.hotRows,
    close: created.drop,
  });
  return {
    ...created,
    async drop() {
      setDatabaseForTests(undefined);
      await created.drop();
    },
  };
}

// Creating and migrating a PGlite cluster costs seconds of CPU per test file; restoring a
// snapshot of an already-migrated one costs about a third. Snapshots are keyed by the PGlite
// version and the migrations, so any change to either makes a new one.
const snapshotDir = path.resolve(".test-data", "pglite-snapshots");

function snapshotPath(migrations: LocalMigration[]): string {
  const pgliteVersion = (
    JSON.parse(fs.readFileSync(path.resolve("node_modules/@electric-sql/pglite/package.json"), "utf8")) as {
      version: string;
    }
  ).version;
  const key = createHash("sha256")
    .update(pgliteVersion)
    .update(migrations.map((m) => `${m.name}:${m.checksum}`).join("\n"))
    .digest("hex")
    .slice(0, 16);
  return path.join(snapshotDir, `${key}.tar`);
}

async function openMigratedPGlite(): Promise<PGlite> {
  const migrations = readMigrations(defaultMigrationsDir());
  const snapshot = snapshotPath(migrations);
  if (fs.existsSync(snapshot)) {
    const pglite = await PGlite.create({
      extensions: { pg_trgm },
      loadDataDir: new Blob([fs.readFileSync(snapshot)]),
    });
    // A no-op when the snapshot is current; still proves it.
    await applyMigrations(fromPGlite(pglite), migrations);
    return pglite;
  }
  const pglite = await createMemoryPGlite();
  await applyMigrations(fromPGlite(pglite), migrations);
  const dump = await pglite.dumpDataDir("none");
  fs.mkdirSync(snapshotDir, { recursive: true });
  // Test files run in parallel processes: write aside, then rename into place atomically.
  const partial = `${snapshot}.${process.pid}.partial`;
  fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(partial, snapshot);
  return pglite;
}

async function createPGliteDatabase(): Promise<TestDatabase> {
  const pglite = await openMigratedPGlite();
  const db = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    db,
    kind: "pglite",
    hotRows: clientHotRows(db),
    async drop() {
      await db.$disconnect();
      await pglite.close();
    },
  };
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function createPostgresDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `parley_test_${randomBytes(6).toString("hex")}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await withClient(serverUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  await withClient(url.href, (client) =>
    applyMigrations(fromPgClient(client), readMigrations(defaultMigrationsDir())),
  );
  // The app's own connection (one pool for the client and hotRows).
  const open = connectPostgres(parseServerEnv({ DATABASE_URL: url.href }).postgres as PostgresConfig);
  return {
    db: open.client,
    kind: "postgres",
    url: url.href,
    hotRows: open.hotRows,
    async drop() {
      // Close our pool first: PostgreSQL refuses to drop a database with open connections.
      await open.close();
      await withClient(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
