// npm run db:migrate — apply committed migrations to the configured database
// (DATABASE_URL → PostgreSQL, otherwise the embedded database under DATA_DIR/db).
import { databaseKind, disconnectDb, embeddedDatabaseDir, migrateDatabase } from "@/lib/db";
import { loadEnv } from "@/lib/load-env";

// Before the first read of the configuration (lib/env.ts reads it on first use).
loadEnv();

try {
  const target = databaseKind() === "postgres" ? "PostgreSQL (DATABASE_URL)" : embeddedDatabaseDir();
  const report = await migrateDatabase();
  for (const name of report.applied) console.log(`Applied ${name}`);
  for (const name of report.edited) {
    console.warn(
      `Warning: ${name} was changed after it was applied; edits are not re-run. Add a new migration.`,
    );
  }
  for (const name of report.unknown) {
    console.warn(
      `Warning: the database has ${name}, which this checkout lacks. Is the code older than the database?`,
    );
  }
  console.log(
    report.applied.length > 0
      ? `Migrated ${target}: ${report.applied.length} applied.`
      : `${target} is up to date.`,
  );
} catch (error) {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await disconnectDb();
}
