// npm run bench:chat — history paging and sidebar timings on PostgreSQL (DATABASE_URL required).
// Seeds a private database with a 1,000,000-message conversation and a user in 500
// conversations, times the domain functions the API calls, prints p50/p95 and the query plan.
import { parseArgs } from "node:util";
import { listConversationsForUser, sidebarQuery } from "@/lib/chat/conversations/sidebar";
import { listMessages } from "@/lib/chat/messages/list-messages";
import { messagePageSql } from "@/lib/chat/messages/message-page-query";
import { getDb } from "@/lib/db";
import { loadEnv } from "@/lib/load-env";
import { seedLargeConversation, seedManyConversations } from "@/scripts/seed-chat";
import { createTestDatabase } from "@/tests/integration/db";

loadEnv();

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "1000000" },
    conversations: { type: "string", default: "500" },
    runs: { type: "string", default: "50" },
  },
});
const messageCount = Number(values.messages);
const runs = Number(values.runs);

if (!process.env.DATABASE_URL) {
  console.error("bench:chat measures PostgreSQL: set DATABASE_URL (a database is created and dropped).");
  process.exit(1);
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function time(run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

async function explain(sql: string, values: unknown[]): Promise<string[]> {
  const rows = await getDb().$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
    `EXPLAIN (ANALYZE, BUFFERS) ${sql}`,
    ...values,
  );
  return rows.map((row) => row["QUERY PLAN"]);
}
const database = await createTestDatabase();
try {
  const db = getDb();
  let started = performance.now();
  const big = await seedLargeConversation(db, { messages: messageCount, members: 5 });
  await db.$executeRawUnsafe(`ANALYZE "Message"`);
  console.log(
    `Seeded ${messageCount.toLocaleString("en")} messages in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const actor = { id: big.memberIds[0] as string };

  console.log(`\nHistory page of 50 (listMessages, p50 / p95 over ${runs} runs):`);
  const depths = [0, 1_000, 100_000, 500_000, messageCount - 100].filter((d) => d < messageCount);
  // The seed numbers its messages, so the message `depth` positions from the newest has a known id.
  const seededId = (index: number) =>
    `seed_m_${big.conversationId.slice("seed_c_".length)}_${String(index).padStart(9, "0")}`;
  for (const depth of depths) {
    const cursor = seededId(messageCount - depth);
    const query = depth === 0 ? {} : { before: cursor };
    const { p50, p95 } = await time(() =>
      listMessages({ actor, conversationId: big.conversationId, limit: 50, ...query }),
    );
    console.log(`  depth ${depth.toLocaleString("en").padStart(9)}: p50 ${ms(p50)}  p95 ${ms(p95)}`);
  }

  const cursor = await db.message.findUniqueOrThrow({
    where: { id: seededId(Math.floor(messageCount / 2)) },
    select: { id: true, createdAt: true },
  });
  const page = messagePageSql({
    conversationId: big.conversationId,
    bound: { kind: "before", cursor },
    take: 51,
  });
  const plan = await explain(page.text, page.values);
  console.log(`\nPlan of a page in the middle of the history (the keyset query listMessages sends):`);
  for (const line of plan) console.log(`  ${line}`);

  started = performance.now();
  const conversations = Number(values.conversations);
  const { userId } = await seedManyConversations(db, { conversations, messagesEach: 40 });
  console.log(
    `\nSeeded a user in ${conversations} conversations in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  for (const limit of [50, 100]) {
    const page = await listConversationsForUser({ actor: { id: userId }, limit });
    const { p50, p95 } = await time(() => listConversationsForUser({ actor: { id: userId }, limit }));
    console.log(
      `  sidebar, first ${limit} rows with unread counts: p50 ${ms(p50)}  p95 ${ms(p95)} (first row unread ${page.conversations[0]?.unreadCount})`,
    );
  }
  const sidebar = sidebarQuery({ userId, limit: 51 });
  const sidebarPlan = await explain(sidebar.text, sidebar.values);
  console.log(`  sidebar statement, first 50 rows — ${sidebarPlan.at(-1)} (${sidebarPlan.at(-2)})`);
} finally {
  await database.drop();
}
