// npm run db:migration -- <name> [--empty] — write the next SQL migration from the schema diff.
// Works offline: the schema engine runs as WebAssembly against an in-memory PGlite.
import path from "node:path";
import { createMigration, defaultSchemaPath } from "@/lib/db/migrations/create-migration";
import { defaultMigrationsDir } from "@/lib/db/migrations/migrations-dir";
import { loadEnv } from "@/lib/load-env";

loadEnv();

const args = process.argv.slice(2);
const name = args.find((arg) => !arg.startsWith("--"));
if (!name) {
  console.error("Usage: npm run db:migration -- <name> [--empty]   (name: a-z, 0-9, _)");
  process.exit(1);
}

try {
  const created = await createMigration({
    schemaPath: defaultSchemaPath(),
    migrationsDir: defaultMigrationsDir(),
    name,
    allowEmpty: args.includes("--empty"),
  });
  if (created) {
    console.log(
      `Created ${path.relative(process.cwd(), created.file)}. Review it, then run npm run db:migrate.`,
    );
  } else {
    console.log(
      "The schema matches the migrations; nothing to create (pass --empty for a hand-written one).",
    );
  }
} catch (error) {
  console.error(`Could not create the migration: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
