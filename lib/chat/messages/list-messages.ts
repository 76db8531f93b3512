import "server-only";
import type { Actor } from "@/lib/accounts/types";
import { requireMembership } from "@/lib/chat/access/membership";
import type { MessageDto } from "@/lib/chat/dto";
import { parseInput } from "@/lib/chat/parse-input";
import { type ListMessagesInput, listMessagesSchema } from "@/lib/chat/schemas";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { type PageBound, queryMessagePage } from "./message-page-query";
import { toMessageDto } from "./message-select";

// Keyset pagination on (createdAt, id) over the Message(conversationId, createdAt, id) index:
// every page is one index range scan from the cursor, at any depth, never OFFSET. The id breaks
// ties between messages saved in the same millisecond. See message-page-query.ts.

export interface MessagePage {
  messages: MessageDto[];
  /** Older messages exist before the first one returned. */
  hasMoreBefore: boolean;
  /** Newer messages exist after the last one returned. */
  hasMoreAfter: boolean;
}

/** A page of a conversation's history in chronological order, for a member. */
export async function listMessages({
  actor,
  conversationId,
  ...input
}: { actor: Actor; conversationId: string } & Partial<ListMessagesInput>): Promise<MessagePage> {
  const { before, after, around, limit } = parseInput(listMessagesSchema, input, "query");
  const db = getDb();
  const cursorId = before ?? after ?? around;
  // The membership check is the authorization; the page queries then touch only the index. The
  // two lookups are independent, so they run side by side.
  const [, cursor] = await Promise.all([
    requireMembership({ actorId: actor.id, conversationId }),
    cursorId
      ? db.message.findFirst({
          where: { id: cursorId, conversationId },
          select: { id: true, createdAt: true },
        })
      : null,
  ]);

  const page = async (bound: PageBound, take: number) => {
    const rows = await queryMessagePage({ conversationId, bound, take: take + 1 });
    const hasMore = rows.length > take;
    const kept = rows.slice(0, take);
    return { rows: bound.kind === "after" ? kept : kept.reverse(), hasMore };
  };

  if (!cursorId) {
    const older = await page({ kind: "newest" }, limit);
    return result(older.rows, older.hasMore, false, actor.id);
  }
  if (!cursor) throw new AppError("not_found:message", "That message is not in this conversation.");

  if (before) {
    const older = await page({ kind: "before", cursor }, limit);
    return result(older.rows, older.hasMore, true, actor.id);
  }
  if (after) {
    const newer = await page({ kind: "after", cursor }, limit);
    return result(newer.rows, true, newer.hasMore, actor.id);
  }
  // Around: the message itself and the older half, then the newer rest.
  const olderCount = Math.ceil(limit / 2);
  const older = await page({ kind: "before", cursor, inclusive: true }, olderCount);
  const newer = await page({ kind: "after", cursor }, limit - older.rows.length);
  return result([...older.rows, ...newer.rows], older.hasMore, newer.hasMore, actor.id);
}

function result(
  rows: Parameters<typeof toMessageDto>[0][],
  hasMoreBefore: boolean,
  hasMoreAfter: boolean,
  viewerId: string,
): MessagePage {
  return { messages: rows.map((row) => toMessageDto(row, viewerId)), hasMoreBefore, hasMoreAfter };
}
