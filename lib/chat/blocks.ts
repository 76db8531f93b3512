import "server-only";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";

type Tx = Prisma.TransactionClient;

/**
 * A block in either direction ends direct messaging between two people: neither can open a new
 * direct conversation or send in an existing one. The history stays readable to both.
 */
export async function assertNoBlockBetween({
  actorId,
  otherUserId,
  db = getDb(),
}: {
  actorId: string;
  otherUserId: string;
  db?: Tx;
}): Promise<void> {
  const block = await db.block.findFirst({
    where: {
      OR: [
        { blockerId: actorId, blockedId: otherUserId },
        { blockerId: otherUserId, blockedId: actorId },
      ],
    },
    select: { blockerId: true },
  });
  if (!block) return;
  throw new AppError(
    "forbidden:blocked",
    // The person who blocked is told how to undo it; the other is not told they were blocked.
    block.blockerId === actorId
      ? "You blocked this person. Unblock them to send messages."
      : "You can't send messages to this person.",
  );
}

/** For sending: in a direct conversation, the other member must not be blocked either way. */
export async function assertDirectNotBlocked({
  actorId,
  conversationId,
  db = getDb(),
}: {
  actorId: string;
  conversationId: string;
  db?: Tx;
}): Promise<void> {
  const other = await db.membership.findFirst({
    where: { conversationId, userId: { not: actorId }, conversation: { kind: "direct" } },
    select: { userId: true },
  });
  if (other) await assertNoBlockBetween({ actorId, otherUserId: other.userId, db });
}
