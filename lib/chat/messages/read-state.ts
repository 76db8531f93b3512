import "server-only";
import type { Actor } from "@/lib/accounts/types";
import { requireMembership } from "@/lib/chat/access/membership";
import { activeMembershipWhere } from "@/lib/chat/access/rules";
import type { ReadMarker } from "@/lib/chat/dto";
import { publishReadUpdated } from "@/lib/chat/events/publish";
import { parseInput, type Unparsed } from "@/lib/chat/parse-input";
import { type MarkReadInput, markReadSchema } from "@/lib/chat/schemas";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";

/**
 * Moves the actor's read marker to `messageId` — forward only, so a slow tab reporting an older
 * position cannot resurrect unread badges. Returns the marker as it stands afterwards.
 */
export async function markConversationRead({
  actor,
  conversationId,
  ...input
}: {
  actor: Actor;
  conversationId: string;
} & Unparsed<MarkReadInput>): Promise<ReadMarker> {
  const { messageId } = parseInput(markReadSchema, input, "read");
  await requireMembership({ actorId: actor.id, conversationId });
  const db = getDb();
  const message = await db.message.findFirst({
    where: { id: messageId, conversationId },
    select: { id: true, createdAt: true },
  });
  if (!message) throw new AppError("not_found:message", "That message is not in this conversation.");

  const at = message.createdAt;
  const { count } = await db.membership.updateMany({
    where: {
      ...activeMembershipWhere({ userId: actor.id, conversationId }),
      OR: [
        { lastReadAt: null },
        { lastReadAt: { lt: at } },
        { lastReadAt: at, OR: [{ lastReadMessageId: null }, { lastReadMessageId: { lt: message.id } }] },
      ],
    },
    data: { lastReadMessageId: message.id, lastReadAt: at },
  });
  if (count === 0) {
    // Already at or past this message: report where the marker is, publish nothing.
    const current = await requireMembership({ actorId: actor.id, conversationId });
    return (
      toMarker(conversationId, actor.id, current.lastReadMessageId, current.lastReadAt) ?? markerOf(message)
    );
  }
  const marker = markerOf(message);
  await publishReadUpdated(marker);
  return marker;

  function markerOf(m: { id: string; createdAt: Date }): ReadMarker {
    return { conversationId, userId: actor.id, messageId: m.id, readAt: m.createdAt.toISOString() };
  }
}

function toMarker(
  conversationId: string,
  userId: string,
  messageId: string | null,
  readAt: Date | null,
): ReadMarker | null {
  if (!messageId || !readAt) return null;
  return { conversationId, userId, messageId, readAt: readAt.toISOString() };
}

/** Every member's read position, for "Seen" (direct) and "Seen by N" (groups). */
export async function listReadMarkers({
  actor,
  conversationId,
}: {
  actor: Actor;
  conversationId: string;
}): Promise<(ReadMarker & { displayName: string })[]> {
  await requireMembership({ actorId: actor.id, conversationId });
  const rows = await getDb().membership.findMany({
    where: { conversationId, lastReadMessageId: { not: null }, user: { deletedAt: null } },
    select: {
      userId: true,
      lastReadMessageId: true,
      lastReadAt: true,
      user: { select: { displayName: true } },
    },
    orderBy: { lastReadAt: "desc" },
  });
  return rows.flatMap((row) => {
    const marker = toMarker(conversationId, row.userId, row.lastReadMessageId, row.lastReadAt);
    return marker ? [{ ...marker, displayName: row.user.displayName }] : [];
  });
}
