import { messageDocSchema } from "@/lib/chat/body/schema";
import { type MessageDto, type PersonDto, type ReactionDto, replyPreviewOf } from "@/lib/chat/dto";
import { type AttachmentRow, attachmentSelect, toAttachmentDto } from "@/lib/files/attachment-dto";
import { Prisma } from "@/lib/generated/prisma/client";

// Reading a message row into the one DTO the HTTP API and realtime events share. A message is
// read one of three ways — Prisma's `messageDtoSelect`, the history page statement and the send
// statement (both raw SQL, through `flatMessageColumns` and `fromFlatRow`) — and all three end in
// one `MessageRow` and one mapper, `toMessageDto`: a new field is added to the select, the flat
// columns and the DTO, here.

export const authorSelect = {
  select: { id: true, username: true, displayName: true, avatar: true, deletedAt: true },
} as const;

/** The message row's own columns: selected alone, an insert returns them without a second read. */
export const messageColumnsSelect = {
  id: true,
  conversationId: true,
  authorId: true,
  body: true,
  plainText: true,
  createdAt: true,
  editedAt: true,
  deletedAt: true,
  clientNonce: true,
} satisfies Prisma.MessageSelect;

export const messageDtoSelect = {
  ...messageColumnsSelect,
  author: authorSelect,
  replyTo: {
    select: { id: true, plainText: true, deletedAt: true, author: authorSelect },
  },
  // Oldest first: grouping keeps each emoji where it first appeared (see groupReactions).
  reactions: { select: { emoji: true, userId: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
  // In upload order, like attachmentsJsonSql.
  attachments: { select: attachmentSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
} satisfies Prisma.MessageSelect;

export type MessageRow = Prisma.MessageGetPayload<{ select: typeof messageDtoSelect }>;

/**
 * The row of a raw statement that reads a message (aliased `m`) with its author (`a`), the message
 * it quotes (`r`) and that message's author (`ra`), plus its reactions and attachments as JSON arrays.
 */
export interface FlatMessageRow {
  id: string;
  conversationId: string;
  authorId: string | null;
  body: unknown;
  plainText: string;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  clientNonce: string | null;
  aUsername: string | null;
  aDisplayName: string | null;
  aAvatar: string | null;
  aDeletedAt: Date | null;
  rId: string | null;
  rPlainText: string | null;
  rDeletedAt: Date | null;
  raId: string | null;
  raUsername: string | null;
  raDisplayName: string | null;
  raAvatar: string | null;
  raDeletedAt: Date | null;
  reactions: unknown;
  attachments: unknown;
}

/** One attachment row (alias `f`) as the JSON object `fromFlatRow` reads: the columns of attachmentSelect. */
export const attachmentJsonSql = Prisma.sql`json_build_object('id', f.id, 'name', f.name, 'mimeType', f."mimeType",
      'size', f.size, 'width', f.width, 'height', f.height, 'thumbhash', f.thumbhash, 'thumbnailKey', f."thumbnailKey")`;

/** A message's (alias `m`) attachments as one JSON array, in upload order. */
export const attachmentsJsonSql = Prisma.sql`(SELECT COALESCE(json_agg(${attachmentJsonSql} ORDER BY f."createdAt", f.id), '[]'::json)
      FROM "Attachment" f WHERE f."messageId" = m.id)`;

/** The SELECT list of a FlatMessageRow, but for `reactions` and `attachments`, over the aliases m, a, r and ra. */
export const flatMessageColumns = Prisma.sql`m.id, m."conversationId", m."authorId", m.body, m."plainText",
      m."createdAt", m."editedAt", m."deletedAt", m."clientNonce",
      a.username AS "aUsername", a."displayName" AS "aDisplayName", a.avatar AS "aAvatar", a."deletedAt" AS "aDeletedAt",
      r.id AS "rId", r."plainText" AS "rPlainText", r."deletedAt" AS "rDeletedAt",
      ra.id AS "raId", ra.username AS "raUsername", ra."displayName" AS "raDisplayName", ra.avatar AS "raAvatar",
      ra."deletedAt" AS "raDeletedAt"`;

function flatPerson(
  id: string | null,
  username: string | null,
  displayName: string | null,
  avatar: string | null,
  deletedAt: Date | null,
) {
  return id && username !== null && displayName !== null
    ? { id, username, displayName, avatar, deletedAt }
    : null;
}

// Drivers differ on whether json arrives parsed.
function json(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

export function fromFlatRow(flat: FlatMessageRow): MessageRow {
  return {
    id: flat.id,
    conversationId: flat.conversationId,
    authorId: flat.authorId,
    body: json(flat.body) as Prisma.JsonValue,
    plainText: flat.plainText,
    createdAt: flat.createdAt,
    editedAt: flat.editedAt,
    deletedAt: flat.deletedAt,
    clientNonce: flat.clientNonce,
    author: flatPerson(flat.authorId, flat.aUsername, flat.aDisplayName, flat.aAvatar, flat.aDeletedAt),
    replyTo:
      flat.rId && flat.rPlainText !== null
        ? {
            id: flat.rId,
            plainText: flat.rPlainText,
            deletedAt: flat.rDeletedAt,
            author: flatPerson(
              flat.raId,
              flat.raUsername,
              flat.raDisplayName,
              flat.raAvatar,
              flat.raDeletedAt,
            ),
          }
        : null,
    reactions: (json(flat.reactions) ?? []) as MessageRow["reactions"],
    attachments: (json(flat.attachments) ?? []) as AttachmentRow[],
  };
}

type AuthorRow = NonNullable<MessageRow["author"]>;

function toPerson(author: AuthorRow | null): PersonDto | null {
  if (!author || author.deletedAt) return null;
  return { id: author.id, username: author.username, displayName: author.displayName, avatar: author.avatar };
}

/** Reaction rows, oldest first, as one entry per emoji in order of its first reaction. */
export function groupReactions(rows: { emoji: string; userId: string }[]): ReactionDto[] {
  const byEmoji = new Map<string, string[]>();
  for (const { emoji, userId } of rows) {
    const userIds = byEmoji.get(emoji);
    if (userIds) userIds.push(userId);
    else byEmoji.set(emoji, [userId]);
  }
  return [...byEmoji].map(([emoji, userIds]) => ({ emoji, userIds }));
}

/**
 * `viewerId` decides whether the client nonce is included: only the author's own clients need
 * it, and it is never broadcast.
 */
export function toMessageDto(row: MessageRow, viewerId: string | null): MessageDto {
  const reply = row.replyTo;
  return {
    id: row.id,
    conversationId: row.conversationId,
    author: toPerson(row.author),
    // Stored bodies were validated on write; parsing again keeps the DTO's type honest.
    body: messageDocSchema.parse(row.body),
    plainText: row.plainText,
    replyTo: reply
      ? replyPreviewOf({ ...reply, authorDisplayName: toPerson(reply.author)?.displayName ?? null })
      : null,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
    clientNonce: viewerId !== null && viewerId === row.authorId ? row.clientNonce : null,
    reactions: groupReactions(row.reactions),
    // A deleted message's files are gone with it (edit-message.ts); never point at them.
    attachments: row.deletedAt ? [] : row.attachments.map(toAttachmentDto),
  };
}
