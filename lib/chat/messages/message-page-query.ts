import "server-only";
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import {
  attachmentsJsonSql,
  type FlatMessageRow,
  flatMessageColumns,
  fromFlatRow,
  type MessageRow,
} from "./message-select";

// One history page in one statement: the keyset range scan on Message(conversationId, createdAt,
// id) with the author, the quoted message, its author and the reactions joined in. (Prisma's
// relation loading would add four more round trips per page.) Reactions come as one JSON array
// per message from a lateral subquery on the Reaction(messageId, userId, emoji) unique index, and
// attachments likewise from the Attachment(messageId, createdAt) index.

export interface PageCursor {
  id: string;
  createdAt: Date;
}

export type PageBound =
  | { kind: "newest" }
  | { kind: "before"; cursor: PageCursor; inclusive?: boolean }
  | { kind: "after"; cursor: PageCursor };

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
    SELECT ${flatMessageColumns}, rx.reactions, ${attachmentsJsonSql} AS attachments
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
  const rows = await getDb().$queryRaw<FlatMessageRow[]>(messagePageSql(query));
  return rows.map(fromFlatRow);
}
