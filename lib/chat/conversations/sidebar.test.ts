import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountSummary } from "@/lib/accounts/types";
import { UNREAD_COUNT_CAP } from "@/lib/chat/dto";
import { deleteMessage } from "@/lib/chat/messages/edit-message";
import { listReadMarkers, markConversationRead } from "@/lib/chat/messages/read-state";
import { sendMessage } from "@/lib/chat/messages/send-message";
import { createPerson, nonce, text } from "@/lib/chat/testing/fixtures";
import { getDb } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { startTestRealtime, type TestRealtime } from "@/tests/support/chat-realtime";
import { refusal } from "@/tests/support/refusal";
import { createGroup, findOrCreateDirectConversation } from "./conversations";
import { listConversationsForUser } from "./sidebar";

let database: TestDatabase;
let realtime: TestRealtime;
let ana: AccountSummary;
let ben: AccountSummary;
let cat: AccountSummary;

beforeAll(async () => {
  database = await createTestDatabase();
  realtime = await startTestRealtime();
  [ana, ben, cat] = [await createPerson("Ana"), await createPerson("Ben"), await createPerson("Cat")];
});

afterAll(async () => {
  await realtime?.close();
  await database?.drop();
});

const send = (actor: AccountSummary, conversationId: string, value: string) =>
  sendMessage({ actor, conversationId, body: text(value), clientNonce: nonce() });

describe("listConversationsForUser and read state", () => {
  it("orders by last activity, names DMs after the other person, counts unread and mentions", async () => {
    const dm = await findOrCreateDirectConversation({ actor: ana, otherUserId: ben.id });
    const group = await createGroup({ actor: cat, name: "Book club", memberIds: [ana.id, ben.id] });
    const quiet = await createGroup({ actor: ana, name: "Quiet", memberIds: [] });

    await send(ben, dm.id, "one");
    await send(ben, dm.id, "two");
    await send(ana, dm.id, "my own reply does not count");
    await send(cat, group.id, `hi @${ana.username}`);
    const last = await send(ben, group.id, "latest");

    const { conversations, nextCursor } = await listConversationsForUser({ actor: ana, limit: 10 });
    expect(nextCursor).toBeNull();
    expect(conversations.map((c) => c.id)).toEqual([group.id, dm.id, quiet.id]);
    const [groupRow, dmRow, quietRow] = conversations;
    expect(groupRow).toMatchObject({
      name: "Book club",
      kind: "group",
      unreadCount: 2,
      unreadMentionCount: 1,
      lastMessage: { id: last.id, plainText: "latest", authorDisplayName: ben.displayName, isDeleted: false },
    });
    expect(dmRow).toMatchObject({
      name: ben.displayName,
      kind: "direct",
      otherUserId: ben.id,
      unreadCount: 2,
    });
    expect(quietRow).toMatchObject({ lastMessage: null, unreadCount: 0, unreadMentionCount: 0 });

    // Reading up to the newest message clears both counts.
    await markConversationRead({ actor: ana, conversationId: group.id, messageId: last.id });
    const afterRead = (await listConversationsForUser({ actor: ana, limit: 10 })).conversations[0];
    expect(afterRead).toMatchObject({ unreadCount: 0, unreadMentionCount: 0, lastReadMessageId: last.id });

    // Deleting the newest message shows the placeholder in the preview.
    await deleteMessage({ actor: ben, conversationId: group.id, messageId: last.id });
    const deleted = (await listConversationsForUser({ actor: ana, limit: 10 })).conversations[0];
    expect(deleted?.lastMessage).toMatchObject({ id: last.id, plainText: "", isDeleted: true });
  });

  it("stops counting unread messages at the cap", async () => {
    const eve = await createPerson("Eve");
    const dm = await findOrCreateDirectConversation({ actor: eve, otherUserId: ana.id });
    await getDb().message.createMany({
      data: Array.from({ length: UNREAD_COUNT_CAP + 20 }, (_, i) => ({
        conversationId: dm.id,
        authorId: ana.id,
        body: { type: "doc", content: [] },
        plainText: `m${i}`,
      })),
    });
    const row = (await listConversationsForUser({ actor: eve, limit: 5 })).conversations.find(
      (c) => c.id === dm.id,
    );
    expect(row?.unreadCount).toBe(UNREAD_COUNT_CAP);
  });

  it("pages with a cursor without skipping or repeating", async () => {
    const dan = await createPerson("Dan");
    const created: string[] = [];
    for (let i = 0; i < 5; i++)
      created.push((await createGroup({ actor: dan, name: `g${i}`, memberIds: [] })).id);
    const first = await listConversationsForUser({ actor: dan, limit: 2 });
    const second = await listConversationsForUser({
      actor: dan,
      limit: 2,
      cursor: first.nextCursor ?? undefined,
    });
    const third = await listConversationsForUser({
      actor: dan,
      limit: 2,
      cursor: second.nextCursor ?? undefined,
    });
    const all = [...first.conversations, ...second.conversations, ...third.conversations].map((c) => c.id);
    // Groups created in the same millisecond tie on time and fall back to id order.
    expect(all).toHaveLength(5);
    expect(new Set(all)).toEqual(new Set(created));
    expect(third.nextCursor).toBeNull();
  });

  it("moves the read marker only forward and lists markers for members only", async () => {
    const dm = await findOrCreateDirectConversation({ actor: cat, otherUserId: ben.id });
    const first = await send(cat, dm.id, "first");
    const second = await send(cat, dm.id, "second");
    expect(
      (await markConversationRead({ actor: ben, conversationId: dm.id, messageId: second.id })).messageId,
    ).toBe(second.id);
    const stale = await markConversationRead({ actor: ben, conversationId: dm.id, messageId: first.id });
    expect(stale.messageId).toBe(second.id);
    const markers = await listReadMarkers({ actor: cat, conversationId: dm.id });
    expect(markers).toEqual([
      expect.objectContaining({ userId: ben.id, messageId: second.id, displayName: ben.displayName }),
    ]);
    expect((await refusal(listReadMarkers({ actor: ana, conversationId: dm.id }))).code).toBe(
      "not_found:conversation",
    );
    const outsider = await refusal(
      markConversationRead({ actor: ana, conversationId: dm.id, messageId: second.id }),
    );
    expect(outsider.code).toBe("not_found:conversation");
    const foreign = await send(
      ana,
      (await createGroup({ actor: ana, name: "x", memberIds: [] })).id,
      "elsewhere",
    );
    const wrong = await refusal(
      markConversationRead({ actor: ben, conversationId: dm.id, messageId: foreign.id }),
    );
    expect(wrong.code).toBe("not_found:message");
  });
});
