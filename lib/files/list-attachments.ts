import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/accounts/types";
import { requireMembership } from "@/lib/chat/access/membership";
import { type AttachmentDto, type PersonDto, personSchema } from "@/lib/chat/dto";
import { parseInput } from "@/lib/chat/parse-input";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ID_PATTERN } from "@/lib/ids";
import { attachmentSelect, toAttachmentDto } from "./attachment-dto";

export const listAttachmentsSchema = z.object({
  /** The last attachment id of the previous page. */
  before: z.string().regex(ID_PATTERN, "Invalid id").optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export type SharedFileDto = AttachmentDto & {
  messageId: string;
  createdAt: string;
  uploader: PersonDto | null;
};

export interface SharedFilesPage {
  attachments: SharedFileDto[];
  nextCursor: string | null;
}

/**
 * The Files panel: a conversation's files in sent, undeleted messages, newest first, for a member.
 * Keyset pages on (createdAt, id) over the Attachment(conversationId, createdAt, id) index.
 */
export async function listConversationAttachments({
  actor,
  conversationId,
  ...input
}: {
  actor: Actor;
  conversationId: string;
  before?: unknown;
  limit?: unknown;
}): Promise<SharedFilesPage> {
  const { before, limit } = parseInput(listAttachmentsSchema, input, "query");
  const db = getDb();
  const [, cursor] = await Promise.all([
    requireMembership({ actorId: actor.id, conversationId }),
    before
      ? db.attachment.findFirst({
          where: { id: before, conversationId },
          select: { id: true, createdAt: true },
        })
      : null,
  ]);
  if (before && !cursor) throw new AppError("not_found:attachment", "That file is not in this conversation.");

  const rows = await db.attachment.findMany({
    where: {
      conversationId,
      message: { is: { deletedAt: null } },
      ...(cursor && {
        OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }],
      }),
    },
    select: {
      ...attachmentSelect,
      messageId: true,
      createdAt: true,
      uploader: { select: { id: true, username: true, displayName: true, avatar: true, deletedAt: true } },
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    attachments: page.map((row) => ({
      ...toAttachmentDto(row),
      messageId: row.messageId as string,
      createdAt: row.createdAt.toISOString(),
      uploader: row.uploader && !row.uploader.deletedAt ? personSchema.parse(row.uploader) : null,
    })),
    nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}
