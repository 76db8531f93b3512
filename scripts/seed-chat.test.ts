import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listConversationsForUser } from "@/lib/chat/conversations/sidebar";
import { listMessages } from "@/lib/chat/messages/list-messages";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { seedLargeConversation, seedManyConversations } from "./seed-chat";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

describe("seed-chat", () => {
  it("fills one conversation with pageable history whose timestamps come in ties", async () => {
    const { conversationId, memberIds } = await seedLargeConversation(database.db, {
      messages: 300,
      members: 3,
    });
    expect(await database.db.message.count({ where: { conversationId } })).toBe(300);
    const actor = { id: memberIds[1] as string };
    const newest = await listMessages({ actor, conversationId, limit: 100 });
    expect(newest.messages.at(-1)?.plainText).toBe("Message 300");
    const older = await listMessages({ actor, conversationId, limit: 100, before: newest.messages[0]?.id });
    expect(older.messages.at(-1)?.plainText).toBe("Message 200");
    const times = new Set(newest.messages.map((m) => m.createdAt));
    expect(times.size).toBeLessThan(newest.messages.length);
  });

  it("puts one user in many conversations with half of each unread", async () => {
    const { userId } = await seedManyConversations(database.db, { conversations: 12, messagesEach: 10 });
    const { conversations } = await listConversationsForUser({ actor: { id: userId }, limit: 50 });
    expect(conversations).toHaveLength(12);
    expect(conversations.map((c) => c.unreadCount)).toEqual(Array(12).fill(5));
    expect(conversations[0]?.name).toBe("Seeded group 1");
  });
});
