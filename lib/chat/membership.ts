import "server-only";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { assertDirectNotBlocked } from "./blocks";

type Tx = Prisma.TransactionClient;

/**
 * The one definition of "may take part in this conversation": a membership row, a live account
 * and no ban in force. Every chat query and the channel authorization use it in their `where`.
 */
export function activeMembershipWhere({
  userId,
  conversationId,
  now = new Date(),
}: {
  userId: string;
  conversationId: string;
  now?: Date;
}): Prisma.MembershipWhereInput {
  return {
    conversationId,
    userId,
    user: { deletedAt: null },
    conversation: { bans: { none: { userId, OR: [{ until: null }, { until: { gt: now } }] } } },
  };
}

/**
 * The same rule for many people at once: the conversation's members with a live account and no
 * ban in force (mention targets, @everyone).
 */
export function liveMembersWhere({
  conversationId,
  now = new Date(),
}: {
  conversationId: string;
  now?: Date;
}): Prisma.MembershipWhereInput {
  return {
    conversationId,
    user: {
      deletedAt: null,
      bans: { none: { conversationId, OR: [{ until: null }, { until: { gt: now } }] } },
    },
  };
}

/**
 * The same rule in SQL, for the statements that bypass the ORM (the send, the sidebar and its
 * fan-out): the membership row aliased `m` belongs to a live account with no ban in force.
 */
export function activeMembershipSql(m: string, now: Date): Prisma.Sql {
  const alias = Prisma.raw(`"${m.replace(/"/g, "")}"`);
  return Prisma.sql`EXISTS (SELECT 1 FROM "User" au WHERE au.id = ${alias}."userId" AND au."deletedAt" IS NULL)
    AND NOT EXISTS (
      SELECT 1 FROM "Ban" ab
      WHERE ab."conversationId" = ${alias}."conversationId" AND ab."userId" = ${alias}."userId"
        AND (ab.until IS NULL OR ab.until > ${now})
    )`;
}

/** For channel authorization and other yes/no checks. */
export async function isMember({ userId, conversationId }: { userId: string; conversationId: string }) {
  const count = await getDb().membership.count({ where: activeMembershipWhere({ userId, conversationId }) });
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
 * The actor's membership if they may write in the conversation now (send, edit): an active
 * member, not muted, and in a direct conversation not blocked either way. The one statement of
 * the send path (send-statement.ts) checks the same rules in its WHERE.
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
}) {
  const membership = await requireMembership({ actorId, conversationId, db });
  if (membership.mutedUntil && membership.mutedUntil > now) {
    throw new AppError("forbidden:muted", "You are muted in this conversation for now.");
  }
  await assertDirectNotBlocked({ actorId, conversationId, db });
  return membership;
}

export function conversationNotFound(): AppError {
  return new AppError("not_found:conversation", "This conversation does not exist or you are not in it.");
}
