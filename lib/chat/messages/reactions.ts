import "server-only";
import type { Actor } from "@/lib/accounts/types";
import { requireMembership } from "@/lib/chat/access/membership";
import type { ReactionDto } from "@/lib/chat/dto";
import { publishReactionEvent } from "@/lib/chat/events/publish";
import { parseInput } from "@/lib/chat/parse-input";
import { type ReactionInput, reactionSchema } from "@/lib/chat/schemas";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { limitAction } from "@/lib/rate-limit/actions";
import { groupReactions } from "./message-select";

// Reactions are a set per message of (user, emoji) pairs: the unique index makes adding one
// idempotent even under concurrent requests, and the message row lock serialises the check of
// the 20-distinct-emoji cap with the insert, so two new emoji racing for the last slot cannot
// both win.

export const MAX_DISTINCT_REACTIONS = 20;

type Tx = Prisma.TransactionClient;

interface ReactionTarget extends ReactionInput {
  actor: Actor;
  /** The reacting socket, left out of the broadcast (its tab already shows the change). */
  socketId?: string | null;
}

/**
 * The message, locked until the transaction ends, if it is in a conversation the actor is in;
 * refused on a deleted message. `FOR UPDATE` is why this is raw SQL.
 */
async function lockLiveMessage(tx: Tx, actorId: string, conversationId: string, messageId: string) {
  await requireMembership({ actorId, conversationId, db: tx });
  const [message] = await tx.$queryRaw<{ deletedAt: Date | null }[]>`
    SELECT "deletedAt" FROM "Message"
    WHERE id = ${messageId} AND "conversationId" = ${conversationId}
    FOR UPDATE`;
  if (!message) throw new AppError("not_found:message", "That message is not in this conversation.");
  if (message.deletedAt) throw new AppError("conflict:message_deleted", "This message was deleted.");
}

async function reactionsOf(messageId: string): Promise<ReactionDto[]> {
  const rows = await getDb().reaction.findMany({
    where: { messageId },
    select: { emoji: true, userId: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return groupReactions(rows);
}

/** Adds the actor's reaction (nothing changes when it is already there). */
export async function addReaction(target: ReactionTarget): Promise<{ reactions: ReactionDto[] }> {
  const { actor, socketId } = target;
  const { conversationId, messageId, emoji } = parseInput(reactionSchema, target, "reaction");
  await limitAction("react", actor.id);
  const added = await getDb().$transaction(async (tx) => {
    await lockLiveMessage(tx, actor.id, conversationId, messageId);
    const present = await tx.reaction.groupBy({ by: ["emoji"], where: { messageId } });
    const isNewEmoji = !present.some((row) => row.emoji === emoji);
    if (isNewEmoji && present.length >= MAX_DISTINCT_REACTIONS) {
      throw new AppError(
        "limit:reactions",
        `A message can have at most ${MAX_DISTINCT_REACTIONS} different reactions.`,
      );
    }
    // The lock serialises requests for this message, and skipDuplicates (ON CONFLICT DO NOTHING)
    // makes a repeat a no-op rather than an error.
    const { count } = await tx.reaction.createMany({
      data: [{ messageId, userId: actor.id, emoji }],
      skipDuplicates: true,
    });
    return count > 0;
  });
  if (added) {
    await publishReactionEvent(
      "reaction.added",
      { conversationId, messageId, emoji, userId: actor.id },
      socketId,
    );
  }
  return { reactions: await reactionsOf(messageId) };
}

/** Removes the actor's reaction (nothing changes when it is not there). */
export async function removeReaction(target: ReactionTarget): Promise<{ reactions: ReactionDto[] }> {
  const { actor, socketId } = target;
  const { conversationId, messageId, emoji } = parseInput(reactionSchema, target, "reaction");
  await limitAction("react", actor.id);
  const removed = await getDb().$transaction(async (tx) => {
    await lockLiveMessage(tx, actor.id, conversationId, messageId);
    const { count } = await tx.reaction.deleteMany({ where: { messageId, userId: actor.id, emoji } });
    return count > 0;
  });
  if (removed) {
    await publishReactionEvent(
      "reaction.removed",
      { conversationId, messageId, emoji, userId: actor.id },
      socketId,
    );
  }
  return { reactions: await reactionsOf(messageId) };
}
