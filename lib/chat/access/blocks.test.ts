import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountSummary } from "@/lib/accounts/types";
import { createGroup, findOrCreateDirectConversation } from "@/lib/chat/conversations/conversations";
import { searchPeople } from "@/lib/chat/conversations/people";
import { sendMessage } from "@/lib/chat/messages/send-message";
import { createPerson, nonce, text } from "@/lib/chat/testing/fixtures";
import { getDb } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { startTestRealtime, type TestRealtime } from "@/tests/support/chat-realtime";
import { refusal } from "@/tests/support/refusal";

let database: TestDatabase;
let realtime: TestRealtime;
let ana: AccountSummary;
let ben: AccountSummary;
let cat: AccountSummary;
let dan: AccountSummary;

beforeAll(async () => {
  database = await createTestDatabase();
  realtime = await startTestRealtime();
  [ana, ben, cat, dan] = [
    await createPerson("Ana"),
    await createPerson("Ben"),
    await createPerson("Cat"),
    await createPerson("Dan"),
  ];
});

afterAll(async () => {
  await realtime?.close();
  await database?.drop();
});

const messageCount = (conversationId: string) => getDb().message.count({ where: { conversationId } });

describe("blocks", () => {
  it("stop new direct conversations in both directions, with a message for each side", async () => {
    await getDb().block.create({ data: { blockerId: ana.id, blockedId: ben.id } });
    const byBlocker = await refusal(findOrCreateDirectConversation({ actor: ana, otherUserId: ben.id }));
    expect(byBlocker.code).toBe("forbidden:blocked");
    expect(byBlocker.message).toMatch(/Unblock/);
    const byBlocked = await refusal(findOrCreateDirectConversation({ actor: ben, otherUserId: ana.id }));
    expect(byBlocked.code).toBe("forbidden:blocked");
    expect(byBlocked.message).not.toMatch(/block/i);
    expect(await getDb().conversation.count({ where: { kind: "direct" } })).toBe(0);
  });

  it("stop sending in an existing direct conversation, which stays open for reading", async () => {
    const { id } = await findOrCreateDirectConversation({ actor: cat, otherUserId: dan.id });
    await sendMessage({ actor: dan, conversationId: id, body: text("before"), clientNonce: nonce() });
    await getDb().block.create({ data: { blockerId: cat.id, blockedId: dan.id } });
    for (const actor of [cat, dan]) {
      const error = await refusal(
        sendMessage({ actor, conversationId: id, body: text("after"), clientNonce: nonce() }),
      );
      expect(error.code).toBe("forbidden:blocked");
    }
    expect(await messageCount(id)).toBe(1);
    // Reopening finds the existing conversation rather than refusing to show it.
    expect(await findOrCreateDirectConversation({ actor: dan, otherUserId: cat.id })).toEqual({
      id,
      created: false,
    });
  });

  it("do not stop either person from talking in a group they share", async () => {
    const { id } = await createGroup({ actor: ana, name: "Shared", memberIds: [ben.id] });
    const sent = await sendMessage({
      actor: ben,
      conversationId: id,
      body: text("hi all"),
      clientNonce: nonce(),
    });
    expect(sent.plainText).toBe("hi all");
  });

  it("hide the blocker from the blocked person's people search, not the reverse", async () => {
    const benSees = await searchPeople({ actor: ben, query: "Ana" });
    expect(benSees.map((p) => p.id)).not.toContain(ana.id);
    const anaSees = await searchPeople({ actor: ana, query: "Ben" });
    expect(anaSees.map((p) => p.id)).toContain(ben.id);
  });
});
