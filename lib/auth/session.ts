import "server-only";
import type { AccountSummary } from "@/lib/accounts/profile";
import { type Db, hotRows } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * The user a session token stands for, or null when the token is stale: the account was deleted
 * or its session version moved on (password change, "sign out everywhere").
 */
export async function findSessionUser({
  userId,
  sessionVersion,
}: {
  userId: string;
  sessionVersion: number;
}): Promise<AccountSummary | null> {
  // Runs on every signed-in request: one prepared statement on the driver (hotRows), not the
  // ORM's query path. The columns are those of accountSummarySelect (lib/accounts/profile.ts).
  const rows = await hotRows<AccountSummary>(Prisma.sql`
    SELECT id, username, "displayName", avatar FROM "User"
    WHERE id = ${userId} AND "sessionVersion" = ${sessionVersion} AND "deletedAt" IS NULL`);
  return rows[0] ?? null;
}

/** Invalidates every existing session of the user; returns the new version. */
export async function bumpSessionVersion({ db, userId }: { db: Db; userId: string }): Promise<number> {
  const user = await db.user.update({
    where: { id: userId },
    data: { sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
  return user.sessionVersion;
}
