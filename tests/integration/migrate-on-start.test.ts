import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { GET as getHealth } from "@/app/api/health/route";
import { disconnectDb, getDb } from "@/lib/db";
import { defaultMigrationsDir, listMigrationNames } from "@/lib/db/migrations/migrations-dir";
import { DIRECT_URL_VARIABLES, getEnv, resetEnvCache } from "@/lib/env";
import { prepareDatabase } from "@/lib/launcher/start-up";

// `npm start` on PostgreSQL migrates itself: the start-up path (prepareDatabase, which both the
// single process and the launcher run before serving) applies pending migrations through the
// direct URL unless MIGRATE_ON_START=false, and /api/health answers 503 naming the pending ones
// until then. Each case on a fresh, empty database of its own.

const serverUrl = process.env.DATABASE_URL;
const touched = [
  "DATABASE_URL",
  "DATABASE_POOLER",
  "MIGRATE_ON_START",
  "DATA_DIR",
  "REALTIME_EMBEDDED",
  ...DIRECT_URL_VARIABLES,
];
const saved = Object.fromEntries(touched.map((name) => [name, process.env[name]]));
const created: string[] = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-start-"));

async function onServer(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

async function freshDatabase(): Promise<string> {
  const name = `parley_start_${randomBytes(6).toString("hex")}`;
  await onServer(`CREATE DATABASE "${name}"`);
  created.push(name);
  const url = new URL(serverUrl as string);
  url.pathname = `/${name}`;
  return url.href;
}

async function configure(vars: Record<string, string>) {
  await disconnectDb();
  for (const name of touched) delete process.env[name];
  // Realtime as the launcher configures it with no PUSHER_HOST: embedded, so health asks only the
  // database (an external realtime server would be checked too).
  Object.assign(process.env, { REALTIME_EMBEDDED: "true", ...vars });
  resetEnvCache();
}

async function health(): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await getHealth();
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const startUp = () => prepareDatabase(getEnv(), { migrateHere: false });
const committed = listMigrationNames(defaultMigrationsDir());

afterEach(async () => {
  await disconnectDb();
});

afterAll(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  for (const name of created) await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvCache();
});

describe.runIf(serverUrl)("start-up on PostgreSQL", () => {
  it("reports every pending migration with 503 on a fresh database, migrates at start-up, then answers 200", async () => {
    await configure({ DATABASE_URL: await freshDatabase() });
    expect(committed.length).toBeGreaterThan(1);

    const before = await health();
    expect(before.status).toBe(503);
    expect(before.body).toMatchObject({
      ok: false,
      database: "postgres",
      databaseReachable: true,
      pendingMigrations: committed,
    });

    await startUp();
    const after = await health();
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ ok: true, databaseReachable: true, pendingMigrations: [] });
    // Migrated for real: the app's tables answer.
    expect(await getDb().user.count()).toBe(0);

    // A second start finds nothing to do.
    await startUp();
    expect((await health()).status).toBe(200);
  });

  it("names only the migrations still missing", async () => {
    const url = await freshDatabase();
    await configure({ DATABASE_URL: url });
    await startUp();
    const last = committed.at(-1) as string;
    await getDb().$executeRaw`DELETE FROM "_prisma_migrations" WHERE migration_name = ${last}`;
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body.pendingMigrations).toEqual([last]);
  });

  it("leaves the database alone with MIGRATE_ON_START=false", async () => {
    await configure({ DATABASE_URL: await freshDatabase(), MIGRATE_ON_START: "false" });
    await startUp();
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body.pendingMigrations).toEqual(committed);
  });

  it("migrates through the direct URL when DATABASE_URL is marked as a transaction pooler", async () => {
    const url = await freshDatabase();
    // The marker alone (no pooler runs here): start-up must not migrate through DATABASE_URL.
    await configure({ DATABASE_URL: `${url}?pgbouncer=true` });
    await expect(startUp()).rejects.toThrow(
      "Migrations need a direct connection, and DATABASE_URL goes through a transaction pooler (pgbouncer=true in it, or DATABASE_POOLER=transaction). Set DIRECT_DATABASE_URL to the database's direct, unpooled URL.",
    );
    expect((await health()).body.pendingMigrations).toEqual(committed);

    await configure({ DATABASE_URL: `${url}?pgbouncer=true`, POSTGRES_URL_NON_POOLING: url });
    await startUp();
    expect(await health()).toMatchObject({ status: 200, body: { pendingMigrations: [] } });
  });

  it("names the direct URL variable when that server cannot be reached", async () => {
    await configure({
      DATABASE_URL: await freshDatabase(),
      DIRECT_DATABASE_URL: "postgresql://postgres@127.0.0.1:9/parley",
    });
    await expect(startUp()).rejects.toThrow(
      "Cannot reach PostgreSQL at 127.0.0.1:9 — is it running? Check DIRECT_DATABASE_URL.",
    );
  });
});

describe("start-up on the embedded database", () => {
  it("migrates it whatever MIGRATE_ON_START says, and health reports the same", async () => {
    await configure({ DATA_DIR: dataDir, MIGRATE_ON_START: "false" });
    // Opened before start-up, and past PGlite's first start (seconds: longer than health waits).
    await getDb().$queryRaw`SELECT 1`;
    expect(await health()).toMatchObject({
      status: 503,
      body: { ok: false, database: "pglite", pendingMigrations: committed },
    });
    await prepareDatabase(getEnv(), { migrateHere: true });
    expect(await health()).toMatchObject({
      status: 200,
      body: { ok: true, database: "pglite", pendingMigrations: [] },
    });
  });
});
