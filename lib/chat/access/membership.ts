import "server-only";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { blockedError } from "./blocks";
import { activeMembershipSql, activeMembershipWhere, directBlockSql, notMutedSql } from "./rules";

type Tx = Prisma.TransactionClient;

// The checks built on the rules of rules.ts, for the ORM paths.

/** For channel authorization and other yes/no checks. */
export async function isMember({ userId, conversationId }: { userId: string; conversationId: string }) {
  const count = await getDb().membership.count({ where: activeMembershipWhere({ conversationId, userId }) });
  return count > 0;
}

/**
 * The actor's membership, or `not_found:conversation`: a conversation the actor is not in is
 * indistinguishable from one that does not exist.
 */
export async function requireMembership({
  actorId,
  conversationId,
  db = getDb(),
}: {
  actorId: string;
  conversationId: string;
  db?: Tx;
}) {
  const membership = await db.membership.findFirst({
    where: activeMembershipWhere({ userId: actorId, conversationId }),
    select: { id: true, role: true, mutedUntil: true, lastReadMessageId: true, lastReadAt: true },
  });
  if (!membership) throw conversationNotFound();
  return membership;
}

/**
 * Throws unless the actor may write in the conversation now (send, edit): the rules of
 * `mayWriteSql`, asked one by one in one statement so the refusal names the rule — not a member
 * (`not_found:conversation`), muted, or blocked either way in a direct conversation. The send
 * statement (send-statement.ts) puts the same fragments in its WHERE.
 */
export async function requireWritableMembership({
  actorId,
  conversationId,
  db = getDb(),
  now = new Date(),
}: {
  actorId: string;
  conversationId: string;
  db?: Tx;
  now?: Date;
}): Promise<void> {
  const [row] = await db.$queryRaw<{ notMuted: boolean; blocksOther: boolean; blockedByOther: boolean }[]>(
    Prisma.sql`
      SELECT ${notMutedSql("m", now)} AS "notMuted",
             ${directBlockSql("m", "member")} AS "blocksOther",
             ${directBlockSql("m", "other")} AS "blockedByOther"
      FROM "Membership" m
      WHERE m."conversationId" = ${conversationId} AND m."userId" = ${actorId}
        AND ${activeMembershipSql("m", now)}`,
  );
  if (!row) throw conversationNotFound();
  if (!row.notMuted) throw new AppError("forbidden:muted", "You are muted in this conversation for now.");
  if (row.blocksOther || row.blockedByOther) throw blockedError(row.blocksOther);
}

export function conversationNotFound(): AppError {
  return new AppError("not_found:conversation", "This conversation does not exist or you are not in it.");
}
