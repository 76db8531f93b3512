import "server-only";
import type { Actor } from "@/lib/accounts/types";
import { requireMembership, requireWritableMembership } from "@/lib/chat/access/membership";
import { replyTargetWhere } from "@/lib/chat/access/rules";
import type { MessageDto } from "@/lib/chat/dto";
import { publishMessageAndSidebar, publishMessageEvent } from "@/lib/chat/events/publish";
import { parseInput, type Unparsed } from "@/lib/chat/parse-input";
import { type SendMessageInput, sendMessageSchema } from "@/lib/chat/schemas";
import { getDb, isUniqueViolation } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { attachmentSelect } from "@/lib/files/attachment-dto";
import { getUploadLimits } from "@/lib/files/limits";
import type { Prisma } from "@/lib/generated/prisma/client";
import { limitAction } from "@/lib/rate-limit/actions";
import {
  type AttachmentClaim,
  claimableAttachmentsWhere,
  unclaimableAttachmentsError,
  withFilesSummary,
} from "./attachment-claims";
import { bodyWithoutMentions, prepareMessageBody, writeMentions } from "./mentions";
import {
  authorSelect,
  type MessageRow,
  messageColumnsSelect,
  messageDtoSelect,
  toMessageDto,
} from "./message-select";
import { insertMessageIfAllowed } from "./send-statement";

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
} & Unparsed<SendMessageInput>): Promise<MessageDto> {
  const { body, clientNonce, replyToId, attachmentIds } = parseInput(sendMessageSchema, input, "message");
  const { maxFilesPerMessage } = getUploadLimits();
  if (attachmentIds.length > maxFilesPerMessage) {
    throw new AppError("invalid:attachments", `A message can carry at most ${maxFilesPerMessage} files.`);
  }
  // Before anything is read or written: a sender over the limit costs one counter check (none
  // at all once this process has seen the budget spent).
  await limitAction("send", actor.id);
  const claim: AttachmentClaim = { actorId: actor.id, conversationId, attachmentIds };
  const hasFiles = attachmentIds.length > 0;

  // The common case in one statement; anything it does not insert (a retry, a refusal, a body
  // with mentions, files that cannot be claimed) takes the transactional path below, which
  // decides and explains.
  const plainBody = bodyWithoutMentions(body, { allowEmpty: hasFiles });
  const names = plainBody && hasFiles ? await claimableNames(getDb(), claim) : [];
  if (plainBody && names.length === attachmentIds.length) {
    const sent = await insertMessageIfAllowed({
      actorId: actor.id,
      conversationId,
      body: withFilesSummary(plainBody, names),
      clientNonce,
      replyToId: replyToId ?? null,
      attachmentIds,
      now: new Date(),
    });
    if (sent) {
      await publishMessageAndSidebar("message.created", sent, socketId);
      return sent;
    }
  }
  const db = getDb();

  // In parallel: the retry lookup, and the author's profile the DTO shows (whether the author
  // may send at all is decided inside the transaction below).
  const [retried, author] = await Promise.all([
    db.message.findUnique({
      where: { authorId_clientNonce: { authorId: actor.id, clientNonce } },
      select: messageDtoSelect,
    }),
    db.user.findUnique({ where: { id: actor.id }, select: authorSelect.select }),
  ]);
  if (retried) {
    // A retry needs membership too: someone removed from the conversation learns nothing.
    await requireMembership({ actorId: actor.id, conversationId });
    const message = retriedMessage(retried, conversationId);
    // The first attempt may have saved but lost its response or its publish (realtime was
    // down); publishing again is safe because clients dedupe by id.
    await publishMessageEvent("message.created", message, socketId);
    return message;
  }

  let saved: MessageDto;
  try {
    saved = await db.$transaction(async (tx) => {
      const now = new Date();
      await requireWritableMembership({ actorId: actor.id, conversationId, db: tx, now });
      const replyTo = replyToId
        ? await tx.message.findFirst({
            where: replyTargetWhere(replyToId, conversationId),
            select: messageDtoSelect.replyTo.select,
          })
        : null;
      if (replyToId && !replyTo) {
        throw new AppError("invalid:reply_to", "You can only reply to a message in this conversation.");
      }
      const prepared = await prepareMessageBody({
        tx,
        actorId: actor.id,
        conversationId,
        body,
        allowEmpty: hasFiles,
      });
      const names = hasFiles ? await claimableNames(tx, claim) : [];
      if (names.length !== attachmentIds.length) throw unclaimableAttachmentsError();
      const { doc, plainText } = withFilesSummary(prepared, names);
      // Only the row's own columns: one INSERT … RETURNING. The author and the replied-to message
      // were read above and a new message has no reactions, so the DTO needs no reading back.
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
        select: messageColumnsSelect,
      });
      // All or none: an upload claimed meanwhile by another send makes the count fall short.
      const claimed = hasFiles
        ? await tx.attachment.updateMany({
            where: claimableAttachmentsWhere(claim),
            data: { messageId: message.id },
          })
        : { count: 0 };
      if (claimed.count !== attachmentIds.length) throw unclaimableAttachmentsError();
      const attachments = hasFiles
        ? await tx.attachment.findMany({
            where: { messageId: message.id },
            select: attachmentSelect,
            orderBy: messageDtoSelect.attachments.orderBy,
          })
        : [];
      await tx.conversation.updateMany({ where: { id: conversationId }, data: { lastMessageAt: now } });
      await writeMentions({
        tx,
        messageId: message.id,
        conversationId,
        createdAt: now,
        userIds: prepared.mentionedUserIds,
      });
      return toMessageDto({ ...message, author, replyTo, reactions: [], attachments }, actor.id);
    });
  } catch (error) {
    // A concurrent retry won the insert. The unique violation aborted this transaction (on
    // PostgreSQL), so the winner is read outside it; the winner's request publishes.
    if (!isUniqueViolation(error)) throw error;
    const winner = await findByNonce(actor.id, clientNonce, conversationId);
    if (!winner) throw error;
    return winner;
  }

  await publishMessageAndSidebar("message.created", saved, socketId);
  return saved;
}

/** The names of the uploads this send may claim, in upload order (fewer than asked: some may not). */
async function claimableNames(db: Pick<Prisma.TransactionClient, "attachment">, claim: AttachmentClaim) {
  const rows = await db.attachment.findMany({
    where: claimableAttachmentsWhere(claim),
    select: { name: true },
    orderBy: messageDtoSelect.attachments.orderBy,
  });
  return rows.map((row) => row.name);
}

async function findByNonce(authorId: string, clientNonce: string, conversationId: string) {
  const row = await getDb().message.findUnique({
    where: { authorId_clientNonce: { authorId, clientNonce } },
    select: messageDtoSelect,
  });
  return row ? retriedMessage(row, conversationId) : null;
}

function retriedMessage(row: MessageRow, conversationId: string): MessageDto {
  if (row.conversationId !== conversationId) {
    throw new AppError("conflict:nonce", "This clientNonce was already used for another message.");
  }
  return toMessageDto(row, row.authorId);
}
