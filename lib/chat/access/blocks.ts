import "server-only";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { blockSql } from "./rules";

type Tx = Prisma.TransactionClient;

/**
 * A block in either direction ends direct messaging between two people: neither can open a new
 * direct conversation or send in an existing one. The history stays readable to both. The person
 * who blocked is told how to undo it; the other is not told they were blocked.
 */
export function blockedError(byActor: boolean): AppError {
  return new AppError(
    "forbidden:blocked",
    byActor
      ? "You blocked this person. Unblock them to send messages."
      : "You can't send messages to this person.",
  );
}

/** Before a new direct conversation: no block between the two people, either way. */
export async function assertNoBlockBetween({
  actorId,
  otherUserId,
  db = getDb(),
}: {
  actorId: string;
  otherUserId: string;
  db?: Tx;
}): Promise<void> {
  const [row] = await db.$queryRaw<{ byActor: boolean; byOther: boolean }[]>(Prisma.sql`
    SELECT ${blockSql(Prisma.sql`${actorId}`, Prisma.sql`${otherUserId}`)} AS "byActor",
           ${blockSql(Prisma.sql`${otherUserId}`, Prisma.sql`${actorId}`)} AS "byOther"`);
  if (row?.byActor || row?.byOther) throw blockedError(row.byActor);
}
