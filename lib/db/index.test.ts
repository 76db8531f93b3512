import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import {
  checkDatabase,
  databaseKind,
  disconnectDb,
  embeddedDatabaseDir,
  getDb,
  migrateDatabase,
} from "./index";

// The public entry points, driven through the environment exactly as the app configures them.

const serverUrl = process.env.DATABASE_URL;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-db-"));

function configure(env: { DATABASE_URL?: string; DATA_DIR?: string }) {
  delete process.env.DATABASE_URL;
  delete process.env.DATA_DIR;
  Object.assign(process.env, env);
  resetEnvCache();
}

function runMigrateScript(env: Record<string, string>) {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  return spawnSync(path.resolve("node_modules/.bin/tsx"), ["scripts/db-migrate.ts"], {
    env: { ...inherited, ...env },
    encoding: "utf8",
  });
}

afterEach(async () => {
  await disconnectDb();
});

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  configure(serverUrl ? { DATABASE_URL: serverUrl } : {});
});

describe("embedded database (no DATABASE_URL)", () => {
  it("migrates the data folder, serves queries and reports healthy", async () => {
    configure({ DATA_DIR: dataDir });
    expect(databaseKind()).toBe("pglite");
    expect(embeddedDatabaseDir()).toBe(path.join(dataDir, "db"));
    const first = await migrateDatabase();
    expect(first.applied).toHaveLength(
      fs.readdirSync("prisma/migrations").filter((f) => /^\d/.test(f)).length,
    );
    // Migrating opened and closed the folder; the lock is free again.
    expect(fs.existsSync(`${embeddedDatabaseDir()}.lock`)).toBe(false);

    await getDb().user.create({ data: { username: "embedded", displayName: "Embedded" } });
    expect(await getDb().user.count()).toBe(1);
    expect(await checkDatabase()).toBe(true);
    expect((await migrateDatabase()).applied).toEqual([]);
  });

  it("refuses a second process while the app holds the folder, and lets it in afterwards", async () => {
    configure({ DATA_DIR: dataDir });
    expect(await getDb().user.count()).toBe(1);

    const blocked = runMigrateScript({ DATA_DIR: dataDir });
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toContain(`in use by another process (PID ${process.pid})`);

    await disconnectDb();
    const allowed = runMigrateScript({ DATA_DIR: dataDir });
    expect(allowed.stdout).toContain("is up to date");
    expect(allowed.status).toBe(0);
  }, 60_000);
});

describe("embedded database held by another process", () => {
  it("reports unhealthy and refuses to open, leaving the folder alone", async () => {
    const lockedDataDir = path.join(dataDir, "locked");
    configure({ DATA_DIR: lockedDataDir });
    const owner = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    try {
      fs.mkdirSync(lockedDataDir, { recursive: true });
      fs.writeFileSync(`${embeddedDatabaseDir()}.lock`, `${owner.pid}\n`);
      expect(await checkDatabase()).toBe(false);
      expect(() => getDb()).toThrow(`in use by another process (PID ${owner.pid})`);
      expect(fs.existsSync(embeddedDatabaseDir())).toBe(false);
    } finally {
      owner.kill();
    }
  });
});

describe("unreachable PostgreSQL", () => {
  it("fails health checks quickly and explains the migration failure in one line", async () => {
    configure({ DATABASE_URL: "postgresql://postgres@127.0.0.1:9/parley" });
    expect(databaseKind()).toBe("postgres");
    const started = Date.now();
    expect(await checkDatabase(1_000)).toBe(false);
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect(migrateDatabase()).rejects.toThrow(
      "Cannot reach PostgreSQL at 127.0.0.1:9 — is it running? Set DATABASE_URL or unset it to use the embedded database.",
    );
  });
});

describe.runIf(serverUrl)("PostgreSQL (DATABASE_URL)", () => {
  it("migrates a fresh database and serves queries", async () => {
    const name = `parley_test_${randomBytes(6).toString("hex")}`;
    const url = new URL(serverUrl as string);
    url.pathname = `/${name}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
      configure({ DATABASE_URL: url.href });
      expect((await migrateDatabase()).applied.length).toBeGreaterThan(0);
      await getDb().user.create({ data: { username: "pg_user", displayName: "PG" } });
      expect(await getDb().user.count()).toBe(1);
      expect(await checkDatabase()).toBe(true);
      await disconnectDb();
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
