import "server-only";
import { type AccountSummary, accountSummarySelect } from "@/lib/accounts/profile";
import type { Db } from "@/lib/db";

/**
 * The user a session token stands for, or null when the token is stale: the account was deleted
 * or its session version moved on (password change, "sign out everywhere").
 */
export async function findSessionUser({
  db,
  userId,
  sessionVersion,
}: {
  db: Db;
  userId: string;
  sessionVersion: number;
}): Promise<AccountSummary | null> {
  return db.user.findFirst({
    where: { id: userId, sessionVersion, deletedAt: null },
    select: accountSummarySelect,
  });
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
