// npm run vercel-build — what Vercel runs instead of `build` when a project has this script:
// migrate the deployment's database through its direct URL (lib/deploy/build-migration.ts says
// when a preview does), then `next build`. `--migrate-only` stops after the migration step (a CI
// job that migrates apart from the build, or a check of what a build would do).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { disconnectDb, migrateDatabase, migrationTarget } from "@/lib/db";
import { printMigrationReport } from "@/lib/db/migrations/report";
import { planBuildMigration } from "@/lib/deploy/build-migration";
import { getEnv } from "@/lib/env";
import { appRoot, loadEnv } from "@/lib/load-env";

loadEnv("production");

let migrated = false;
try {
  const plan = planBuildMigration(getEnv());
  console.log(plan.reason);
  if (plan.migrate) printMigrationReport(await migrateDatabase(), migrationTarget());
  migrated = true;
} catch (error) {
  console.error(`Build stopped: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await disconnectDb();
}
if (!migrated) process.exit(1);

if (!process.argv.includes("--migrate-only")) {
  const next = path.join(appRoot, "node_modules", ".bin", "next");
  const build = spawnSync(next, ["build"], { cwd: appRoot, stdio: "inherit" });
  process.exit(build.status ?? 1);
}
