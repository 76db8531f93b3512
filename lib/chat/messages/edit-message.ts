import "server-only";
import type { Actor } from "@/lib/accounts/types";
import { requireMembership, requireWritableMembership } from "@/lib/chat/access/membership";
import { activeMembershipWhere } from "@/lib/chat/access/rules";
import { EMPTY_DOC } from "@/lib/chat/body/schema";
import type { MessageDto } from "@/lib/chat/dto";
import { publishMessageAndSidebar } from "@/lib/chat/events/publish";
import { parseInput, type Unparsed } from "@/lib/chat/parse-input";
import { type EditMessageInput, editMessageSchema } from "@/lib/chat/schemas";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { deleteMessageAttachmentsSql, deleteStoredFiles, type StoredKeys } from "@/lib/files/cleanup";
import { limitAction } from "@/lib/rate-limit/actions";
import { withFilesSummary } from "./attachment-claims";
import { prepareMessageBody, writeMentions } from "./mentions";
import { messageDtoSelect, toMessageDto } from "./message-select";

interface Target {
  actor: Actor;
  conversationId: string;
  messageId: string;
  socketId?: string | null;
}

/** The author's own, live message in a conversation they are still in: the where clause is the rule. */
function ownMessageWhere({ actor, conversationId, messageId }: Target) {
  return {
    id: messageId,
    conversationId,
    authorId: actor.id,
    deletedAt: null,
    conversation: { memberships: { some: activeMembershipWhere({ userId: actor.id, conversationId }) } },
  };
}

/** Explains why an update matched nothing, without revealing conversations the actor is not in. */
async function refusalFor({ actor, conversationId, messageId }: Target): Promise<AppError> {
  await requireMembership({ actorId: actor.id, conversationId });
  const message = await getDb().message.findFirst({
    where: { id: messageId, conversationId },
    select: { authorId: true, deletedAt: true },
  });
  if (!message) return new AppError("not_found:message", "This message does not exist.");
  if (message.authorId !== actor.id) {
    return new AppError("forbidden:message", "You can only change your own messages.");
  }
  return new AppError("conflict:message_deleted", "This message was deleted.");
}

async function readMessage(messageId: string, viewerId: string): Promise<MessageDto> {
  const row = await getDb().message.findUniqueOrThrow({ where: { id: messageId }, select: messageDtoSelect });
  return toMessageDto(row, viewerId);
}

/** Replaces the text of the actor's own message; it then shows as "edited". Mentions are recomputed. */
export async function editMessage({
  body: rawBody,
  ...target
}: Target & Unparsed<EditMessageInput>): Promise<MessageDto> {
  const { body } = parseInput(editMessageSchema, { body: rawBody }, "message");
  const { actor, conversationId, messageId } = target;
  await limitAction("edit", actor.id);
  const edited = await getDb().$transaction(async (tx) => {
    // Membership first: mention checks must not answer an outsider. Editing is writing: a
    // muted member, or one blocked in a direct conversation, may not change what is shown either.
    await requireWritableMembership({ actorId: actor.id, conversationId, db: tx });
    // A message with files may lose its caption; it then reads as its files again.
    const files = await tx.attachment.findMany({
      where: { message: ownMessageWhere(target) },
      select: { name: true },
      orderBy: messageDtoSelect.attachments.orderBy,
    });
    const prepared = await prepareMessageBody({
      tx,
      actorId: actor.id,
      conversationId,
      body,
      allowEmpty: files.length > 0,
    });
    const { doc, plainText } = withFilesSummary(
      prepared,
      files.map((file) => file.name),
    );
    const { count } = await tx.message.updateMany({
      where: ownMessageWhere(target),
      data: { body: doc, plainText, editedAt: new Date() },
    });
    if (count === 0) return false;
    // The update holds the row lock, so this reads the message as updated and undeleted.
    const { createdAt } = await tx.message.findUniqueOrThrow({
      where: { id: messageId },
      select: { createdAt: true },
    });
    await writeMentions({
      tx,
      messageId,
      conversationId,
      createdAt,
      userIds: prepared.mentionedUserIds,
      replace: true,
    });
    return true;
  });
  if (!edited) throw await refusalFor(target);
  const message = await readMessage(messageId, actor.id);
  // The sidebar previews the newest message, which may be this one.
  await publishMessageAndSidebar("message.updated", message, target.socketId);
  return message;
}

/**
 * Soft-deletes the actor's own message: the row stays as a "message deleted" placeholder. Its
 * attachments go for good, rows in the same transaction and stored files after the commit.
 */
export async function deleteMessage(target: Target): Promise<MessageDto> {
  const db = getDb();
  const { count, files } = await db.$transaction(async (tx) => {
    const result = await tx.message.updateMany({
      where: ownMessageWhere(target),
      data: { body: EMPTY_DOC, plainText: "", deletedAt: new Date() },
    });
    let files: StoredKeys[] = [];
    if (result.count > 0) {
      // A tombstone keeps no mentions (they would count as unread), no reactions and no files.
      await tx.mention.deleteMany({ where: { messageId: target.messageId } });
      await tx.reaction.deleteMany({ where: { messageId: target.messageId } });
      files = await tx.$queryRaw<StoredKeys[]>(deleteMessageAttachmentsSql(target.messageId));
    }
    return { count: result.count, files };
  });
  if (count === 0) throw await refusalFor(target);
  await deleteStoredFiles(files);
  const message = await readMessage(target.messageId, target.actor.id);
  // The sidebar preview and unread counts may have shown this message.
  await publishMessageAndSidebar("message.deleted", message, target.socketId);
  return message;
}
