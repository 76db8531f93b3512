import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Which of `localNames` the database has not applied, in order: all of them before the first
 * migration created _prisma_migrations. A migration recorded as failed (no finished_at) or rolled
 * back counts as not applied, as the runner sees it.
 */
export async function pendingMigrationNames(db: PrismaClient, localNames: string[]): Promise<string[]> {
  const [table] = await db.$queryRaw<{ exists: boolean }[]>`
    SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS "exists"`;
  if (!table?.exists) return localNames;
  const rows = await db.$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  const applied = new Set(rows.map((row) => row.migration_name));
  return localNames.filter((name) => !applied.has(name));
}
