import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { listMigrationNames } from "@/lib/db/migrations/migrations-dir";
import { BuildConfigError, planBuildMigration } from "@/lib/deploy/build-migration";
import { parseServerEnv } from "@/lib/env";
import { appRoot } from "@/lib/load-env";

// `npm run vercel-build`: which deployments migrate before `next build`, and the real script's
// migration step (`--migrate-only`) against fresh PostgreSQL databases.

const run = promisify(execFile);
const serverUrl = process.env.DATABASE_URL;
const created: string[] = [];

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
  const name = `parley_vercel_${randomBytes(6).toString("hex")}`;
  await onServer(`CREATE DATABASE "${name}"`);
  created.push(name);
  const url = new URL(serverUrl as string);
  url.pathname = `/${name}`;
  return url.href;
}

async function appliedMigrations(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') AS t`);
    if (!exists.rows[0].t) return [];
    const { rows } = await client.query(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`,
    );
    return rows.map((row) => row.migration_name);
  } finally {
    await client.end();
  }
}

/** The real script with only `vars` (and PATH) in its environment; never throws. */
async function vercelBuild(vars: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ["--import", "tsx", "scripts/vercel-build.ts", "--migrate-only"],
      { cwd: appRoot, env: { PATH: process.env.PATH, NODE_ENV: "production", ...vars }, timeout: 120_000 },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

afterAll(async () => {
  for (const name of created) await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe("which builds migrate", () => {
  const env = (vars: Record<string, string>) =>
    parseServerEnv({ DATABASE_URL: "postgresql://db.example/parley", ...vars });

  it("production and plain builds migrate; previews only when they have a database of their own", () => {
    expect(planBuildMigration(env({ VERCEL: "1", VERCEL_ENV: "production" })).migrate).toBe(true);
    expect(planBuildMigration(env({})).migrate).toBe(true);
    const preview = planBuildMigration(env({ VERCEL: "1", VERCEL_ENV: "preview" }));
    expect(preview).toMatchObject({ migrate: false });
    expect(preview.reason).toContain("MIGRATE_PREVIEW_DEPLOYMENTS=true");
    expect(
      planBuildMigration(env({ VERCEL: "1", VERCEL_ENV: "preview", MIGRATE_PREVIEW_DEPLOYMENTS: "true" }))
        .migrate,
    ).toBe(true);
  });

  it("names the URL it migrates through, and refuses a build without PostgreSQL", () => {
    const pooled = env({
      DATABASE_URL: "postgresql://pool.example/parley?pgbouncer=true",
      DATABASE_URL_UNPOOLED: "postgresql://db.example/parley",
    });
    expect(planBuildMigration(pooled).reason).toBe("Migrating through DATABASE_URL_UNPOOLED.");
    expect(() => planBuildMigration(parseServerEnv({ VERCEL: "1" }))).toThrow(BuildConfigError);
    expect(() => parseServerEnv({ VERCEL_ENV: "staging" })).toThrow(/VERCEL_ENV/);
  });
});

describe.runIf(serverUrl)("the build's migration step, for real", () => {
  it("a production build migrates through the direct URL; a preview leaves the database alone", async () => {
    const committed = listMigrationNames(path.join(appRoot, "prisma", "migrations"));
    const preview = await freshDatabase();
    const previewRun = await vercelBuild({ DATABASE_URL: preview, VERCEL: "1", VERCEL_ENV: "preview" });
    expect(previewRun.code).toBe(0);
    expect(previewRun.output).toContain("Preview deployment: not migrating");
    expect(await appliedMigrations(preview)).toEqual([]);

    const production = await freshDatabase();
    const productionRun = await vercelBuild({
      // Marked as pooled: the step must go through the direct URL, never this one.
      DATABASE_URL: `${production}?pgbouncer=true`,
      DATABASE_URL_UNPOOLED: production,
      VERCEL: "1",
      VERCEL_ENV: "production",
    });
    expect(productionRun.code, productionRun.output).toBe(0);
    expect(productionRun.output).toContain("Production deployment: migrating through DATABASE_URL_UNPOOLED.");
    expect(await appliedMigrations(production)).toEqual([...committed].sort());
  });

  it("stops the build with one line when there is no database to deploy to", async () => {
    const { code, output } = await vercelBuild({ VERCEL: "1", VERCEL_ENV: "production" });
    expect(code).toBe(1);
    expect(output.trim()).toMatch(
      /^Build stopped: DATABASE_URL is not set: a serverless deployment needs a PostgreSQL database/,
    );
  });
});
