// npm run db:migrate — apply committed migrations to the configured database (DATABASE_URL →
// PostgreSQL, through the direct URL when one is set; otherwise the embedded database under
// DATA_DIR/db).
import { disconnectDb, migrateDatabase, migrationTarget } from "@/lib/db";
import { printMigrationReport } from "@/lib/db/migrations/report";
import { loadEnv } from "@/lib/load-env";

// Before the first read of the configuration (lib/env.ts reads it on first use).
loadEnv();

try {
  printMigrationReport(await migrateDatabase(), migrationTarget());
} catch (error) {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await disconnectDb();
}
