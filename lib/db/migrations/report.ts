import type { MigrationReport } from "./runner";

/**
 * What a migration run did, as `npm run db:migrate` and start-up print it: a line per applied
 * migration, a warning per edited or unknown one, then a summary (start-up leaves the summary out
 * when nothing was applied).
 */
export function printMigrationReport(
  report: MigrationReport,
  target: string,
  { quietWhenCurrent = false }: { quietWhenCurrent?: boolean } = {},
): void {
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
  if (report.applied.length > 0) console.log(`Migrated ${target}: ${report.applied.length} applied.`);
  else if (!quietWhenCurrent) console.log(`${target} is up to date.`);
}
