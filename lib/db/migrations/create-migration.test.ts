import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryPGlite } from "../pglite";
import { createMigration, defaultSchemaPath } from "./create-migration";
import { defaultMigrationsDir, LOCKFILE_CONTENT, readMigrations } from "./migrations-dir";
import { applyMigrations } from "./runner";
import { fromPGlite } from "./sql-connection";

// Runs the real wasm schema engine against a copy of the committed schema and migrations.

let root: string;
let schemaPath: string;
let migrationsDir: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "parley-migration-"));
  schemaPath = path.join(root, "schema.prisma");
  migrationsDir = path.join(root, "migrations");
  fs.copyFileSync(defaultSchemaPath(), schemaPath);
  fs.cpSync(defaultMigrationsDir(), migrationsDir, { recursive: true });
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe("createMigration", () => {
  it("finds nothing to do when the schema matches the committed migrations", async () => {
    // Also proves the hand-written CHECK constraints and pg_trgm do not churn into new migrations.
    expect(await createMigration({ schemaPath, migrationsDir, name: "noop" })).toBeNull();
  }, 90_000);

  it("writes the diff as a new migration that applies on top of the others", async () => {
    const schema = fs.readFileSync(schemaPath, "utf8");
    fs.writeFileSync(
      schemaPath,
      schema.replace(
        "  bio             String?",
        "  pronouns        String?   @db.VarChar(40)\n  bio             String?",
      ),
    );
    const created = await createMigration({ schemaPath, migrationsDir, name: "add_pronouns" });
    expect(created?.name).toMatch(/^\d{14}_add_pronouns$/);
    expect(created?.sql).toContain(`ALTER TABLE "User" ADD COLUMN     "pronouns" VARCHAR(40);`);
    expect(fs.readFileSync(path.join(migrationsDir, "migration_lock.toml"), "utf8")).toBe(LOCKFILE_CONTENT);

    const db = await createMemoryPGlite();
    try {
      const report = await applyMigrations(fromPGlite(db), readMigrations(migrationsDir));
      expect(report.applied.at(-1)).toBe(created?.name);
      const columns = await db.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'User' AND column_name = 'pronouns'`,
      );
      expect(columns.rows).toHaveLength(1);
    } finally {
      await db.close();
    }
  }, 90_000);

  it("rejects names that would make awkward folder names", async () => {
    await expect(createMigration({ schemaPath, migrationsDir, name: "Add Pronouns" })).rejects.toThrow(
      /must use only a-z, 0-9 and _/,
    );
  });
});
