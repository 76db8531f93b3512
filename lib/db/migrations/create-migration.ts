import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { getEnv } from "@/lib/env";
import { createMemoryPGlite } from "../pglite";
import { readMigrations, toMigrationList, writeMigration } from "./migrations-dir";
import { openSchemaEngine } from "./schema-engine";

// Generates the next migration offline: the wasm schema engine replays the committed migrations
// into a throwaway in-memory PGlite (the "shadow database") and diffs the result against the
// schema. Nothing outside this process is touched.

export interface CreateMigrationOptions {
  schemaPath: string;
  migrationsDir: string;
  name: string;
  /** Write an empty migration even when the schema has not changed (for hand-written SQL). */
  allowEmpty?: boolean;
}

export interface CreatedMigration {
  name: string;
  file: string;
  sql: string;
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };

export async function createMigration(options: CreateMigrationOptions): Promise<CreatedMigration | null> {
  if (!/^[a-z0-9_]+$/.test(options.name)) {
    throw new Error(
      `Migration name "${options.name}" must use only a-z, 0-9 and _ (e.g. add_message_search).`,
    );
  }
  const schema = {
    files: [{ path: options.schemaPath, content: fs.readFileSync(options.schemaPath, "utf8") }],
  };
  const migrationsList = toMigrationList(options.migrationsDir, readMigrationsIfAny(options.migrationsDir));
  const databases: PGlite[] = [];
  const open = async () => {
    const db = await createMemoryPGlite();
    databases.push(db);
    return new PrismaPGlite(db).connect();
  };
  // The adapter's own shadow database lacks the extensions our migrations create.
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: "postgres",
    adapterName: "pglite-prisma-adapter",
    connect: open,
    connectToShadowDb: open,
  };
  const engine = await openSchemaEngine(factory, schema.files);
  try {
    // `migrate dev`'s order of calls: bring the (throwaway) main database up to date, then let the
    // diagnostic replay the history on a shadow database. createMigration reuses the schema that
    // diagnostic cached; called first, it fails for want of a shadow database of its own.
    await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    const diagnostic = await engine.devDiagnostic({ migrationsList, filters: NO_FILTERS });
    if (diagnostic.action.tag === "reset") {
      throw new Error(`The committed migrations do not replay cleanly: ${diagnostic.action.reason}`);
    }
    const result = await engine.createMigration({
      draft: options.allowEmpty ?? false,
      migrationName: options.name,
      migrationsList,
      schema,
      filters: NO_FILTERS,
    });
    if (result.migrationScript === null) return null;
    const file = writeMigration(options.migrationsDir, result.generatedMigrationName, result.migrationScript);
    return { name: result.generatedMigrationName, file, sql: result.migrationScript };
  } finally {
    engine.free();
    await Promise.all(databases.map((db) => db.close()));
  }
}

function readMigrationsIfAny(dir: string) {
  return fs.existsSync(dir) ? readMigrations(dir) : [];
}

export function defaultSchemaPath(): string {
  return path.join(getEnv().rootDir, "prisma", "schema.prisma");
}
