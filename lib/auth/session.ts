import "server-only";
import type { AccountSummary } from "@/lib/accounts/profile";
import { type Db, hotRows } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * The user a session token stands for, or null when the token is stale: the account was deleted,
 * its session version moved on (password change, "Sign out of all devices"), or this one session
 * was signed out (its id is in RevokedSession).
 */
export async function findSessionUser({
  userId,
  sessionVersion,
  sessionId,
}: {
  userId: string;
  sessionVersion: number;
  /** The token's `sid`; tokens minted before session ids existed have none. */
  sessionId?: string | null;
}): Promise<AccountSummary | null> {
  // Runs on every signed-in request: one prepared statement on the driver (hotRows), not the
  // ORM's query path. The columns are those of accountSummarySelect (lib/accounts/profile.ts).
  // The revocation check rides in the same statement (a primary-key probe), not a second round
  // trip; a null id matches no row.
  const rows = await hotRows<AccountSummary>(Prisma.sql`
    SELECT id, username, "displayName", avatar FROM "User"
    WHERE id = ${userId} AND "sessionVersion" = ${sessionVersion} AND "deletedAt" IS NULL
      AND NOT EXISTS (SELECT 1 FROM "RevokedSession" WHERE id = ${sessionId ?? null})`);
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
