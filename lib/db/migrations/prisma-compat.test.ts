import fs from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, describe, expect, it } from "vitest";
import { createMemoryPGlite } from "../pglite";
import { defaultSchemaPath } from "./create-migration";
import { defaultMigrationsDir, readMigrations, toMigrationList } from "./migrations-dir";
import { applyMigrations } from "./runner";
import { openSchemaEngine } from "./schema-engine";
import { fromPGlite } from "./sql-connection";

// The runner claims to leave a database exactly as `prisma migrate deploy` would. Prisma's own
// schema engine is the judge: after the runner, it must find nothing to apply and nothing edited.

const opened: PGlite[] = [];
afterAll(async () => {
  await Promise.all(opened.map((db) => db.close()));
});

async function open() {
  const db = await createMemoryPGlite();
  opened.push(db);
  return db;
}

describe("migrations applied by the runner", () => {
  it("are seen by Prisma's schema engine as applied, unedited and in sync", async () => {
    const dir = defaultMigrationsDir();
    const migrations = readMigrations(dir);
    const main = await open();
    await applyMigrations(fromPGlite(main), migrations);

    const engine = await openSchemaEngine(
      {
        provider: "postgres",
        adapterName: "pglite-prisma-adapter",
        connect: () => new PrismaPGlite(main).connect(),
        connectToShadowDb: async () => new PrismaPGlite(await open()).connect(),
      },
      [{ path: defaultSchemaPath(), content: fs.readFileSync(defaultSchemaPath(), "utf8") }],
    );
    try {
      const migrationsList = toMigrationList(dir, migrations);
      const diagnosis = await engine.diagnoseMigrationHistory({
        migrationsList,
        optInToShadowDatabase: true,
        filters: { externalTables: [], externalEnums: [] },
      });
      expect(diagnosis).toMatchObject({
        history: null,
        editedMigrationNames: [],
        failedMigrationNames: [],
        hasMigrationsTable: true,
      });
      const applied = await engine.applyMigrations({
        migrationsList,
        filters: { externalTables: [], externalEnums: [] },
      });
      expect(applied.appliedMigrationNames).toEqual([]);
    } finally {
      engine.free();
    }
  }, 60_000);
});
