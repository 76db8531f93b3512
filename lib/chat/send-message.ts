import "server-only";
import type { Actor } from "@/lib/accounts/types";
import { getDb, isUniqueViolation } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertDirectNotBlocked } from "./blocks";
import type { MessageDto } from "./dto";
import { requireMembership } from "./membership";
import { prepareMessageBody, writeMentions } from "./mentions";
import { messageDtoSelect, toMessageDto } from "./message-select";
import { publishConversationUpdated, publishMessageEvent } from "./notify";
import { parseInput } from "./parse-input";
import { type SendMessageInput, sendMessageSchema } from "./schemas";

/**
 * Saves a message, then tells the conversation. Idempotent on (author, clientNonce): a retried
 * send returns the message the first attempt saved, so a flaky network never doubles it.
 */
export async function sendMessage({
  actor,
  conversationId,
  socketId,
  ...input
}: {
  actor: Actor;
  conversationId: string;
  /** The sender's realtime socket, left out of the broadcast (its tab already shows the message). */
  socketId?: string | null;
} & SendMessageInput): Promise<MessageDto> {
  const { body, clientNonce, replyToId } = parseInput(sendMessageSchema, input, "message");
  const db = getDb();

  // Checked before the retry shortcut too: someone removed from the conversation learns nothing.
  await requireMembership({ actorId: actor.id, conversationId });
  const retried = await findByNonce(actor.id, clientNonce, conversationId);
  if (retried) {
    // The first attempt may have saved but lost its response or its publish (realtime was
    // down); publishing again is safe because clients dedupe by id.
    await publishMessageEvent("message.created", retried, socketId);
    return retried;
  }

  let saved: MessageDto;
  try {
    saved = await db.$transaction(async (tx) => {
      const membership = await requireMembership({ actorId: actor.id, conversationId, db: tx });
      const now = new Date();
      if (membership.mutedUntil && membership.mutedUntil > now) {
        throw new AppError("forbidden:muted", "You are muted in this conversation for now.");
      }
      await assertDirectNotBlocked({ actorId: actor.id, conversationId, db: tx });
      if (replyToId) {
        const original = await tx.message.findFirst({
          where: { id: replyToId, conversationId },
          select: { id: true },
        });
        if (!original)
          throw new AppError("invalid:reply_to", "You can only reply to a message in this conversation.");
      }
      const { doc, plainText, mentionedUserIds } = await prepareMessageBody({
        tx,
        actorId: actor.id,
        conversationId,
        body,
      });
      const message = await tx.message.create({
        data: {
          conversationId,
          authorId: actor.id,
          body: doc,
          plainText,
          clientNonce,
          replyToId,
          createdAt: now,
        },
        select: messageDtoSelect,
      });
      await tx.conversation.update({ where: { id: conversationId }, data: { lastMessageAt: now } });
      await writeMentions({
        tx,
        messageId: message.id,
        conversationId,
        createdAt: now,
        userIds: mentionedUserIds,
      });
      return toMessageDto(message, actor.id);
    });
  } catch (error) {
    // A concurrent retry won the insert. The unique violation aborted this transaction (on
    // PostgreSQL), so the winner is read outside it; the winner's request publishes.
    if (!isUniqueViolation(error)) throw error;
    const winner = await findByNonce(actor.id, clientNonce, conversationId);
    if (!winner) throw error;
    return winner;
  }

  await publishMessageEvent("message.created", saved, socketId);
  await publishConversationUpdated(conversationId);
  return saved;
}

async function findByNonce(authorId: string, clientNonce: string, conversationId: string) {
  const row = await getDb().message.findUnique({
    where: { authorId_clientNonce: { authorId, clientNonce } },
    select: messageDtoSelect,
  });
  if (!row) return null;
  if (row.conversationId !== conversationId) {
    throw new AppError("conflict:nonce", "This clientNonce was already used for another message.");
  }
  return toMessageDto(row, authorId);
}
