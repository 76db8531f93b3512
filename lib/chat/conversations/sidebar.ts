import "server-only";
import type { Actor } from "@/lib/accounts/types";
import { activeMembershipSql } from "@/lib/chat/access/rules";
import { type ConversationSummary, UNREAD_COUNT_CAP } from "@/lib/chat/dto";
import { parseInput } from "@/lib/chat/parse-input";
import { type ListConversationsInput, listConversationsSchema } from "@/lib/chat/schemas";
import { hotRows } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

// The sidebar in one statement: each membership row joined to its conversation, the other person
// (direct conversations), the newest message and two capped counts. Every lateral subquery is an
// index range scan — Message(conversationId, createdAt, id), Mention(userId, conversationId,
// createdAt), Membership(conversationId, userId) — so the cost grows with the number of
// conversations shown, not with their history.

interface SummaryRow {
  id: string;
  kind: "direct" | "group";
  name: string | null;
  icon: string | null;
  activityAt: Date;
  otherId: string | null;
  otherName: string | null;
  otherAvatar: string | null;
  otherDeleted: boolean | null;
  lastId: string | null;
  lastAuthorId: string | null;
  lastAuthorName: string | null;
  lastAuthorDeleted: boolean | null;
  lastText: string | null;
  lastAt: Date | null;
  lastDeletedAt: Date | null;
  unread: number;
  mentions: number;
  lastReadMessageId: string | null;
  viewerId: string;
}

/**
 * `where` and `tail` (order and limit) pick the membership rows first, over aliases m0 and c0,
 * so the per-row subqueries run only for the rows returned.
 */
function summaryQuery(where: Prisma.Sql, tail: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT c.id, c.kind::text AS kind, c.name, c.icon,
      COALESCE(c."lastMessageAt", c."createdAt") AS "activityAt",
      other.id AS "otherId", other."displayName" AS "otherName", other.avatar AS "otherAvatar",
      other."deletedAt" IS NOT NULL AS "otherDeleted",
      last.id AS "lastId", last."authorId" AS "lastAuthorId", la."displayName" AS "lastAuthorName",
      la."deletedAt" IS NOT NULL AS "lastAuthorDeleted",
      left(last."plainText", 200) AS "lastText", last."createdAt" AS "lastAt", last."deletedAt" AS "lastDeletedAt",
      unread.n AS unread, mentions.n AS mentions, m."lastReadMessageId", m."userId" AS "viewerId"
    FROM (
      SELECT m0."conversationId", m0."userId", m0."lastReadAt", m0."lastReadMessageId"
      FROM "Membership" m0 JOIN "Conversation" c0 ON c0.id = m0."conversationId"
      WHERE ${where} AND ${activeMembershipSql("m0", new Date())}
      ${tail}
    ) m
    JOIN "Conversation" c ON c.id = m."conversationId"
    LEFT JOIN LATERAL (
      SELECT u.id, u."displayName", u.avatar, u."deletedAt"
      FROM "Membership" om JOIN "User" u ON u.id = om."userId"
      WHERE c.kind = 'direct' AND om."conversationId" = c.id AND om."userId" <> m."userId"
      LIMIT 1
    ) other ON true
    LEFT JOIN LATERAL (
      SELECT x.id, x."authorId", x."plainText", x."createdAt", x."deletedAt"
      FROM "Message" x WHERE x."conversationId" = c.id
      ORDER BY x."createdAt" DESC, x.id DESC LIMIT 1
    ) last ON true
    LEFT JOIN "User" la ON la.id = last."authorId"
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS n FROM (
        SELECT 1 FROM "Message" x
        WHERE x."conversationId" = c.id AND x."deletedAt" IS NULL
          AND x."authorId" IS DISTINCT FROM m."userId"
          AND (m."lastReadAt" IS NULL OR x."createdAt" > m."lastReadAt"
            OR (x."createdAt" = m."lastReadAt" AND x.id > COALESCE(m."lastReadMessageId", x.id)))
        LIMIT ${UNREAD_COUNT_CAP}
      ) capped
    ) unread ON true
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS n FROM (
        SELECT 1 FROM "Mention" mn
        JOIN "Message" mx ON mx.id = mn."messageId" AND mx."deletedAt" IS NULL
        WHERE mn."userId" = m."userId" AND mn."conversationId" = c.id
          AND (m."lastReadAt" IS NULL OR mn."createdAt" > m."lastReadAt"
            OR (mn."createdAt" = m."lastReadAt" AND mn."messageId" > COALESCE(m."lastReadMessageId", mn."messageId")))
        LIMIT ${UNREAD_COUNT_CAP}
      ) capped
    ) mentions ON true
    ORDER BY "activityAt" DESC, c.id DESC`;
}

function toSummary(row: SummaryRow): ConversationSummary {
  const isGroup = row.kind === "group";
  const otherName = row.otherId && !row.otherDeleted ? row.otherName : null;
  return {
    id: row.id,
    kind: row.kind,
    name: isGroup ? (row.name ?? "") : (otherName ?? "Deleted user"),
    avatar: isGroup ? row.icon : row.otherDeleted ? null : row.otherAvatar,
    otherUserId: isGroup ? null : row.otherId,
    lastActivityAt: row.activityAt.toISOString(),
    lastMessage:
      row.lastId && row.lastAt
        ? {
            id: row.lastId,
            authorId: row.lastAuthorId,
            authorDisplayName: row.lastAuthorDeleted ? null : row.lastAuthorName,
            plainText: row.lastDeletedAt ? "" : (row.lastText ?? ""),
            createdAt: row.lastAt.toISOString(),
            isDeleted: row.lastDeletedAt !== null,
          }
        : null,
    unreadCount: row.unread,
    unreadMentionCount: row.mentions,
    lastReadMessageId: row.lastReadMessageId,
  };
}

/** The sidebar statement for one user (exported for the benchmark's EXPLAIN). */
export function sidebarQuery({ userId, limit, cursor }: { userId: string; limit: number; cursor?: string }) {
  const after = cursor
    ? Prisma.sql`AND (COALESCE(c0."lastMessageAt", c0."createdAt"), c0.id) <
        (SELECT COALESCE(cc."lastMessageAt", cc."createdAt"), cc.id FROM "Conversation" cc WHERE cc.id = ${cursor})`
    : Prisma.empty;
  return summaryQuery(
    Prisma.sql`m0."userId" = ${userId} ${after}`,
    Prisma.sql`ORDER BY COALESCE(c0."lastMessageAt", c0."createdAt") DESC, c0.id DESC LIMIT ${limit}`,
  );
}

/** The actor's conversations, most recent activity first; `cursor` is the last id of the previous page. */
export async function listConversationsForUser({
  actor,
  ...input
}: { actor: Actor } & Partial<ListConversationsInput>): Promise<{
  conversations: ConversationSummary[];
  nextCursor: string | null;
}> {
  const { limit, cursor } = parseInput(listConversationsSchema, input, "query");
  const rows = await hotRows<SummaryRow>(sidebarQuery({ userId: actor.id, limit: limit + 1, cursor }));
  const page = rows.slice(0, limit).map(toSummary);
  return { conversations: page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

/** Each member's own sidebar row for one conversation, to push after it changes. */
export async function listSummariesForMembers({
  conversationId,
}: {
  conversationId: string;
}): Promise<{ userId: string; summary: ConversationSummary }[]> {
  const rows = await hotRows<SummaryRow>(
    summaryQuery(Prisma.sql`m0."conversationId" = ${conversationId}`, Prisma.empty),
  );
  return rows.map((row) => ({ userId: row.viewerId, summary: toSummary(row) }));
}
