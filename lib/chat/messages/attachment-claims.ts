import type { NormalizedBody } from "@/lib/chat/body/prepare";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";

// Which uploads a send may attach: the sender's own, uploaded to this conversation, not yet sent.
// One rule in two forms, for the ORM path (send-message.ts) and the send statement
// (send-statement.ts); a send claims them in its own transaction or statement, all or none.

export interface AttachmentClaim {
  actorId: string;
  conversationId: string;
  attachmentIds: string[];
}

export function claimableAttachmentsWhere({ actorId, conversationId, attachmentIds }: AttachmentClaim) {
  return {
    id: { in: attachmentIds },
    uploaderId: actorId,
    conversationId,
    messageId: null,
  } satisfies Prisma.AttachmentWhereInput;
}

/** The same rule over the attachment aliased `f`. */
export function claimableAttachmentsSql({
  actorId,
  conversationId,
  attachmentIds,
}: AttachmentClaim): Prisma.Sql {
  return Prisma.sql`f.id = ANY(${attachmentIds}::text[]) AND f."uploaderId" = ${actorId}
    AND f."conversationId" = ${conversationId} AND f."messageId" IS NULL`;
}

export function unclaimableAttachmentsError(): AppError {
  return new AppError(
    "invalid:attachments",
    "Some of these files cannot be sent: they were already sent, were removed, or were uploaded by someone else or to another conversation. Upload them again.",
  );
}

/**
 * What a message of files alone says where text is shown without them (the sidebar, a reply's
 * quote, notifications): "📎 photo.png", or "📎 3 files".
 */
export function attachmentsSummary(names: string[]): string {
  if (names.length === 1) return `📎 ${names[0]}`;
  return `📎 ${names.length} files`;
}

/** A body with no text, on a message with files, reads as its files (attachmentsSummary). */
export function withFilesSummary<T extends NormalizedBody>(body: T, names: string[]): T {
  if (names.length === 0 || body.plainText.trim() !== "") return body;
  return { ...body, plainText: attachmentsSummary(names) };
}
