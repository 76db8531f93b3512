import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemoryPGlite } from "../pglite";
import { checksumOf, type LocalMigration } from "./migrations-dir";
import { applyMigrations } from "./runner";
import { fromPGlite, fromPgClient, type SqlConnection } from "./sql-connection";

// Each test gets an empty database: an in-memory PGlite, and also a scratch PostgreSQL database
// when DATABASE_URL is set.

interface Engine {
  name: string;
  open(): Promise<{ conn: SqlConnection; close(): Promise<void> }>;
}

const engines: Engine[] = [
  {
    name: "pglite",
    async open() {
      const db = await createMemoryPGlite();
      return { conn: fromPGlite(db), close: () => db.close() };
    },
  },
];

const serverUrl = process.env.DATABASE_URL;
if (serverUrl) {
  engines.push({
    name: "postgres",
    async open() {
      const name = `parley_test_${randomBytes(6).toString("hex")}`;
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      const client = new pg.Client({ connectionString: url.href });
      await client.connect();
      return {
        conn: fromPgClient(client),
        async close() {
          await client.end();
          await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
          await admin.end();
        },
      };
    },
  });
}

function migration(name: string, sql: string): LocalMigration {
  return { name, sql, checksum: checksumOf(sql) };
}

const first = migration("20260101000000_a", `CREATE TABLE "A" (id int PRIMARY KEY);`);
const second = migration(
  "20260102000000_b",
  `CREATE TABLE "B" (id int PRIMARY KEY); INSERT INTO "B" VALUES (1);`,
);

describe.each(engines)("applyMigrations on $name", (engine) => {
  let conn: SqlConnection;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ conn, close } = await engine.open());
  });

  afterEach(async () => {
    await close();
  });

  async function tables(): Promise<string[]> {
    const rows = await conn.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    return rows.map((row) => row.tablename);
  }

  it("applies pending migrations in order, once", async () => {
    expect((await applyMigrations(conn, [first])).applied).toEqual([first.name]);
    expect((await applyMigrations(conn, [first, second])).applied).toEqual([second.name]);
    expect((await applyMigrations(conn, [first, second])).applied).toEqual([]);
    expect(await tables()).toEqual(["A", "B", "_prisma_migrations"]);
    const rows = await conn.query<{ migration_name: string; checksum: string; applied_steps_count: number }>(
      `SELECT migration_name, checksum, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows).toEqual([
      { migration_name: first.name, checksum: first.checksum, applied_steps_count: 1 },
      { migration_name: second.name, checksum: second.checksum, applied_steps_count: 1 },
    ]);
  });

  it("rolls a failing migration back completely and names it", async () => {
    const broken = migration(
      "20260103000000_broken",
      `CREATE TABLE "C" (id int); SELECT no_such_function();`,
    );
    await expect(applyMigrations(conn, [first, broken])).rejects.toThrow(
      /Migration 20260103000000_broken failed and was rolled back: .*no_such_function/,
    );
    expect(await tables()).toEqual(["A", "_prisma_migrations"]);
    const names = await conn.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations"`,
    );
    expect(names.map((row) => row.migration_name)).toEqual([first.name]);
    // Once fixed, the next run picks it up.
    const fixed = migration(broken.name, `CREATE TABLE "C" (id int);`);
    expect((await applyMigrations(conn, [first, fixed])).applied).toEqual([fixed.name]);
  });

  it("reports edited and unknown migrations without re-running them", async () => {
    await applyMigrations(conn, [first, second]);
    const edited = migration(first.name, `${first.sql}\n-- a comment`);
    const report = await applyMigrations(conn, [edited]);
    expect(report).toEqual({ applied: [], edited: [first.name], unknown: [second.name] });
  });

  it("stops on a migration Prisma recorded as failed", async () => {
    await applyMigrations(conn, [first]);
    await conn.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ('x', 'y', $1, now())`,
      [second.name],
    );
    await expect(applyMigrations(conn, [first, second])).rejects.toThrow(
      /20260102000000_b is recorded as failed.*migrate resolve --rolled-back/,
    );
  });
});

describe.runIf(serverUrl)("applyMigrations from two app nodes at once", () => {
  it("applies each migration exactly once", async () => {
    const name = `parley_test_${randomBytes(6).toString("hex")}`;
    const url = new URL(serverUrl as string);
    url.pathname = `/${name}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const nodes = [
      new pg.Client({ connectionString: url.href }),
      new pg.Client({ connectionString: url.href }),
    ];
    try {
      await Promise.all(nodes.map((node) => node.connect()));
      // pg_sleep keeps the first node inside the migration while the second one arrives.
      const slow = migration("20260101000000_slow", `SELECT pg_sleep(0.5); CREATE TABLE "S" (id int);`);
      const reports = await Promise.all(
        nodes.map((node) => applyMigrations(fromPgClient(node), [slow, second])),
      );
      expect(reports.flatMap((report) => report.applied).sort()).toEqual([slow.name, second.name]);
    } finally {
      await Promise.all(nodes.map((node) => node.end()));
      await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
