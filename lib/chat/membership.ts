import "server-only";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";

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

export function conversationNotFound(): AppError {
  return new AppError("not_found:conversation", "This conversation does not exist or you are not in it.");
}
