import "server-only";
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { MessageRow } from "./message-select";

// One history page in one statement: the keyset range scan on Message(conversationId, createdAt,
// id) with the author, the quoted message, its author and the reactions joined in. (Prisma's
// relation loading would add four more round trips per page.) Reactions come as one JSON array
// per message from a lateral subquery on the Reaction(messageId, userId, emoji) unique index.

export interface PageCursor {
  id: string;
  createdAt: Date;
}

export type PageBound =
  | { kind: "newest" }
  | { kind: "before"; cursor: PageCursor; inclusive?: boolean }
  | { kind: "after"; cursor: PageCursor };

interface FlatRow {
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
}

function boundSql(bound: PageBound): Prisma.Sql {
  switch (bound.kind) {
    case "newest":
      return Prisma.empty;
    case "before":
      return bound.inclusive
        ? Prisma.sql`AND (m."createdAt", m.id) <= (${bound.cursor.createdAt}, ${bound.cursor.id})`
        : Prisma.sql`AND (m."createdAt", m.id) < (${bound.cursor.createdAt}, ${bound.cursor.id})`;
    case "after":
      return Prisma.sql`AND (m."createdAt", m.id) > (${bound.cursor.createdAt}, ${bound.cursor.id})`;
  }
}

function person(
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

function toRow(flat: FlatRow): MessageRow {
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
    author: person(flat.authorId, flat.aUsername, flat.aDisplayName, flat.aAvatar, flat.aDeletedAt),
    replyTo:
      flat.rId && flat.rPlainText !== null
        ? {
            id: flat.rId,
            plainText: flat.rPlainText,
            deletedAt: flat.rDeletedAt,
            author: person(flat.raId, flat.raUsername, flat.raDisplayName, flat.raAvatar, flat.raDeletedAt),
          }
        : null,
    reactions: json(flat.reactions) as MessageRow["reactions"],
  };
}

/** The page statement (exported so the benchmark can EXPLAIN exactly what runs). */
export function messagePageSql({
  conversationId,
  bound,
  take,
}: {
  conversationId: string;
  bound: PageBound;
  take: number;
}): Prisma.Sql {
  const order = bound.kind === "after" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  return Prisma.sql`
    SELECT m.id, m."conversationId", m."authorId", m.body, m."plainText", m."createdAt", m."editedAt",
      m."deletedAt", m."clientNonce",
      a.username AS "aUsername", a."displayName" AS "aDisplayName", a.avatar AS "aAvatar", a."deletedAt" AS "aDeletedAt",
      r.id AS "rId", r."plainText" AS "rPlainText", r."deletedAt" AS "rDeletedAt",
      ra.id AS "raId", ra.username AS "raUsername", ra."displayName" AS "raDisplayName", ra.avatar AS "raAvatar",
      ra."deletedAt" AS "raDeletedAt", rx.reactions
    FROM "Message" m
    LEFT JOIN "User" a ON a.id = m."authorId"
    LEFT JOIN "Message" r ON r.id = m."replyToId"
    LEFT JOIN "User" ra ON ra.id = r."authorId"
    LEFT JOIN LATERAL (
      SELECT COALESCE(json_agg(json_build_object('emoji', x.emoji, 'userId', x."userId")
        ORDER BY x."createdAt", x.id), '[]'::json) AS reactions
      FROM "Reaction" x WHERE x."messageId" = m.id
    ) rx ON true
    WHERE m."conversationId" = ${conversationId} ${boundSql(bound)}
    ORDER BY m."createdAt" ${order}, m.id ${order}
    LIMIT ${take}`;
}

/** Up to `take` rows beyond `bound`, nearest first (newest first for before/newest, oldest first for after). */
export async function queryMessagePage(query: {
  conversationId: string;
  bound: PageBound;
  take: number;
}): Promise<MessageRow[]> {
  const rows = await getDb().$queryRaw<FlatRow[]>(messagePageSql(query));
  return rows.map(toRow);
}
