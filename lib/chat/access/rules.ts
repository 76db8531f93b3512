import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";

// Who may take part in a conversation and who may write in it: each rule defined once, here.
//
// The rules are SQL fragments over a membership row's alias, so the one-statement paths (the send,
// the sidebar and its fan-out) put them in their WHERE and the ORM paths ask for them in one raw
// check (membership.ts). "Active member" has a Prisma `where` form as well, because ordinary ORM
// queries (history, reactions, read state, edits, mentions, channel auth) filter by it; that form
// is built from one builder, and tests/integration/rules.test.ts runs every rule through every
// path — the SQL and the ORM form alike — so neither can drift.
//
// - active member: a membership row, a live account, no ban in force
// - may write: an active member, not muted, and in a direct conversation no block either way
// - reply: the quoted message is in the same conversation

const alias = (name: string) => Prisma.raw(`"${name.replace(/"/g, "")}"`);

/** A ban in force: none with no end, or one that ends later than `now`. */
const banInForce = (now: Date) => ({ OR: [{ until: null }, { until: { gt: now } }] });

/**
 * Active members of a conversation (mention targets, @everyone); with `userId`, that one person's
 * membership if it is active. Extra conditions go beside it in an `AND`, never spread over it.
 */
export function activeMembershipWhere({
  conversationId,
  userId,
  now = new Date(),
}: {
  conversationId: string;
  userId?: string;
  now?: Date;
}): Prisma.MembershipWhereInput {
  return {
    conversationId,
    ...(userId === undefined ? {} : { userId }),
    user: { deletedAt: null, bans: { none: { conversationId, ...banInForce(now) } } },
  };
}

/** The same rule in SQL: the membership row aliased `m` belongs to a live account with no ban in force. */
export function activeMembershipSql(m: string, now: Date): Prisma.Sql {
  const row = alias(m);
  return Prisma.sql`EXISTS (SELECT 1 FROM "User" au WHERE au.id = ${row}."userId" AND au."deletedAt" IS NULL)
    AND NOT EXISTS (
      SELECT 1 FROM "Ban" ab
      WHERE ab."conversationId" = ${row}."conversationId" AND ab."userId" = ${row}."userId"
        AND (ab.until IS NULL OR ab.until > ${now})
    )`;
}

/** The member aliased `m` is not muted at `now`. */
export function notMutedSql(m: string, now: Date): Prisma.Sql {
  const row = alias(m);
  return Prisma.sql`(${row}."mutedUntil" IS NULL OR ${row}."mutedUntil" <= ${now})`;
}

/** `blocker` has blocked `blocked` (SQL expressions for two user ids). */
export function blockSql(blocker: Prisma.Sql, blocked: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM "Block" bk WHERE bk."blockerId" = ${blocker} AND bk."blockedId" = ${blocked})`;
}

/**
 * In a direct conversation, a block between the member aliased `m` and the other member:
 * `"member"` when m blocked them, `"other"` when they blocked m, `"either"` for both directions.
 * Always false in a group: blocks end direct messaging only.
 */
export function directBlockSql(m: string, direction: "member" | "other" | "either"): Prisma.Sql {
  const row = alias(m);
  const me = Prisma.sql`${row}."userId"`;
  const them = Prisma.sql`bo."userId"`;
  const block =
    direction === "member"
      ? blockSql(me, them)
      : direction === "other"
        ? blockSql(them, me)
        : Prisma.sql`(${blockSql(me, them)} OR ${blockSql(them, me)})`;
  return Prisma.sql`EXISTS (
      SELECT 1 FROM "Membership" bo JOIN "Conversation" bc ON bc.id = bo."conversationId"
      WHERE bo."conversationId" = ${row}."conversationId" AND bo."userId" <> ${row}."userId"
        AND bc.kind = 'direct' AND ${block}
    )`;
}

/** Every rule of writing (send, edit) for the membership row aliased `m`. */
export function mayWriteSql(m: string, now: Date): Prisma.Sql {
  return Prisma.sql`${activeMembershipSql(m, now)} AND ${notMutedSql(m, now)} AND NOT ${directBlockSql(m, "either")}`;
}

/** The message a reply quotes must be in the same conversation. */
export function replyTargetWhere(replyToId: string, conversationId: string) {
  return { id: replyToId, conversationId } satisfies Prisma.MessageWhereInput;
}

/** The same rule in SQL, for the message aliased `r`. */
export function replyTargetSql(r: string, replyToId: string | null, conversationId: string): Prisma.Sql {
  const row = alias(r);
  return Prisma.sql`${row}.id = ${replyToId} AND ${row}."conversationId" = ${conversationId}`;
}
