import type { Prisma } from "@/lib/generated/prisma/client";
import { messageDocSchema } from "./body";
import { type MessageDto, type PersonDto, type ReactionDto, replyPreviewOf } from "./dto";

// Reading a message row into the one DTO the HTTP API and realtime events share.

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
} satisfies Prisma.MessageSelect;

export type MessageRow = Prisma.MessageGetPayload<{ select: typeof messageDtoSelect }>;

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
  };
}
