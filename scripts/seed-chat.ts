// npx tsx scripts/seed-chat.ts [--messages 1000000] [--members 5] — seed one large conversation
// into the configured database (DATABASE_URL, or the embedded one) for scrolling and benchmarks.
// Set-based SQL: each table is filled by one INSERT … SELECT over generate_series.
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { PrismaClient } from "@/lib/generated/prisma/client";

type Db = Pick<PrismaClient, "$executeRawUnsafe" | "$executeRaw">;

function runId(): string {
  return randomBytes(4).toString("hex");
}

async function seedUsers(db: Db, run: string, count: number): Promise<string[]> {
  await db.$executeRaw`
    INSERT INTO "User" (id, username, "displayName")
    SELECT 'seed_u_' || ${run} || '_' || i, 'seed_' || ${run} || '_' || i, 'Seed person ' || i
    FROM generate_series(1, ${count}::int) AS i`;
  return Array.from({ length: count }, (_, i) => `seed_u_${run}_${i + 1}`);
}

/**
 * One group with `members` people and `messages` messages, three per second so that runs of
 * messages share a timestamp (as bursts do), ending now. Returns the ids it made.
 */
export async function seedLargeConversation(
  db: Db,
  { messages, members }: { messages: number; members: number },
): Promise<{ conversationId: string; memberIds: string[] }> {
  const run = runId();
  const memberIds = await seedUsers(db, run, members);
  const conversationId = `seed_c_${run}`;
  await db.$executeRaw`
    INSERT INTO "Conversation" (id, kind, name, "createdById", "lastMessageAt")
    VALUES (${conversationId}, 'group', ${`Seeded ${messages} messages`}, ${memberIds[0]}, now())`;
  await db.$executeRaw`
    INSERT INTO "Membership" (id, "conversationId", "userId", role)
    SELECT 'seed_mb_' || ${run} || '_' || i, ${conversationId}, 'seed_u_' || ${run} || '_' || i,
      (CASE WHEN i = 1 THEN 'owner' ELSE 'member' END)::"MemberRole"
    FROM generate_series(1, ${members}::int) AS i`;
  await db.$executeRaw`
    INSERT INTO "Message" (id, "conversationId", "authorId", body, "plainText", "createdAt")
    SELECT 'seed_m_' || ${run} || '_' || lpad(i::text, 9, '0'), ${conversationId},
      'seed_u_' || ${run} || '_' || (1 + i % ${members}::int),
      jsonb_build_object('type', 'doc', 'content', jsonb_build_array(jsonb_build_object(
        'type', 'paragraph', 'content', jsonb_build_array(jsonb_build_object('type', 'text', 'text', 'Message ' || i))))),
      'Message ' || i,
      now() - ((${messages}::int - i) / 3) * interval '1 second'
    FROM generate_series(1, ${messages}::int) AS i`;
  return { conversationId, memberIds };
}

/**
 * A user in `conversations` groups of two with `messagesEach` messages each from the other
 * member; the user has read about half of each, so every row has unread messages to count.
 */
export async function seedManyConversations(
  db: Db,
  { conversations, messagesEach }: { conversations: number; messagesEach: number },
): Promise<{ userId: string }> {
  const run = runId();
  const [userId, otherId] = (await seedUsers(db, run, 2)) as [string, string];
  await db.$executeRaw`
    INSERT INTO "Conversation" (id, kind, name, "createdById", "lastMessageAt")
    SELECT 'seed_c_' || ${run} || '_' || c, 'group', 'Seeded group ' || c, ${userId}, now() - c * interval '1 minute'
    FROM generate_series(1, ${conversations}::int) AS c`;
  await db.$executeRaw`
    INSERT INTO "Membership" (id, "conversationId", "userId", role)
    SELECT 'seed_mb_' || ${run} || '_' || c || '_' || u, 'seed_c_' || ${run} || '_' || c,
      (ARRAY[${userId}, ${otherId}])[u], (CASE WHEN u = 1 THEN 'owner' ELSE 'member' END)::"MemberRole"
    FROM generate_series(1, ${conversations}::int) AS c, generate_series(1, 2) AS u`;
  await db.$executeRaw`
    INSERT INTO "Message" (id, "conversationId", "authorId", body, "plainText", "createdAt")
    SELECT 'seed_m_' || ${run} || '_' || c || '_' || lpad(i::text, 6, '0'), 'seed_c_' || ${run} || '_' || c, ${otherId},
      '{"type":"doc","content":[]}'::jsonb, 'Message ' || i,
      now() - c * interval '1 minute' - (${messagesEach}::int - i) * interval '1 second'
    FROM generate_series(1, ${conversations}::int) AS c, generate_series(1, ${messagesEach}::int) AS i`;
  await db.$executeRaw`
    UPDATE "Membership" m SET "lastReadMessageId" = x.id, "lastReadAt" = x."createdAt"
    FROM "Message" x
    WHERE m."userId" = ${userId} AND x."conversationId" = m."conversationId"
      AND x.id = 'seed_m_' || ${run} || '_' || split_part(m."conversationId", '_', 4) || '_' || lpad((${messagesEach}::int / 2)::text, 6, '0')`;
  for (const table of ["Message", "Membership", "Conversation"])
    await db.$executeRawUnsafe(`ANALYZE "${table}"`);
  return { userId };
}

async function main() {
  const { values } = parseArgs({
    options: { messages: { type: "string", default: "1000000" }, members: { type: "string", default: "5" } },
  });
  const { getDb, disconnectDb } = await import("@/lib/db");
  try {
    const started = performance.now();
    const seeded = await seedLargeConversation(getDb(), {
      messages: Number(values.messages),
      members: Number(values.members),
    });
    await getDb().$executeRawUnsafe(`ANALYZE "Message"`);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `Seeded ${values.messages} messages into conversation ${seeded.conversationId} in ${seconds} s.`,
    );
    console.log(`Members: ${seeded.memberIds.join(", ")}`);
  } finally {
    await disconnectDb();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { loadEnv } = await import("@/lib/load-env");
  loadEnv();
  main().catch((error: unknown) => {
    console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
