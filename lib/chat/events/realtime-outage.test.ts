import { afterAll, afterEach, beforeAll, describe, expect, it, type MockInstance, vi } from "vitest";
import type { AccountSummary } from "@/lib/accounts/types";
import { findOrCreateDirectConversation } from "@/lib/chat/conversations/conversations";
import type { MessageDto } from "@/lib/chat/dto";
import { deleteMessage, editMessage } from "@/lib/chat/messages/edit-message";
import { listMessages } from "@/lib/chat/messages/list-messages";
import { addReaction, removeReaction } from "@/lib/chat/messages/reactions";
import { markConversationRead } from "@/lib/chat/messages/read-state";
import { sendMessage } from "@/lib/chat/messages/send-message";
import { createPerson, nonce, text } from "@/lib/chat/testing/fixtures";
import { getDb } from "@/lib/db";
import { conversationChannel } from "@/lib/realtime/channels";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { startTestRealtime, subscribe, type TestRealtime } from "@/tests/support/chat-realtime";
import { refusal } from "@/tests/support/refusal";

// The realtime server is really stopped (its port refuses connections), not mocked: writes must
// still succeed, because the database is the source of truth and clients catch up on reconnect.

let database: TestDatabase;
let realtime: TestRealtime;
let ana: AccountSummary;
let ben: AccountSummary;
let cat: AccountSummary;
let dmId: string;
let errors: MockInstance<typeof console.error>;

beforeAll(async () => {
  database = await createTestDatabase();
  realtime = await startTestRealtime();
  [ana, ben, cat] = [await createPerson("Ana"), await createPerson("Ben"), await createPerson("Cat")];
  dmId = (await findOrCreateDirectConversation({ actor: ana, otherUserId: ben.id })).id;
});

afterEach(() => {
  errors?.mockRestore();
});

afterAll(async () => {
  await realtime?.close();
  await database?.drop();
});

function failedPublishLogs() {
  return errors.mock.calls
    .filter(([message]) => String(message).startsWith("Realtime publish failed after save"))
    .map(([, context]) => context as Record<string, unknown>);
}

describe("with the realtime server stopped", () => {
  it("saves sends, retries, edits, deletes, reactions and read markers, and logs each failed publish with context", async () => {
    const before = await sendMessage({
      actor: ana,
      conversationId: dmId,
      body: text("before the outage"),
      clientNonce: nonce(),
    });
    await realtime.stop();
    errors = vi.spyOn(console, "error").mockImplementation(() => {});

    const clientNonce = nonce();
    const first = await sendMessage({
      actor: ana,
      conversationId: dmId,
      body: text("while down"),
      clientNonce,
    });
    const retried = await sendMessage({
      actor: ana,
      conversationId: dmId,
      body: text("while down"),
      clientNonce,
    });
    expect(retried.id).toBe(first.id);
    const reply = await sendMessage({
      actor: ben,
      conversationId: dmId,
      body: text("ben while down"),
      clientNonce: nonce(),
    });
    const edited = await editMessage({
      actor: ana,
      conversationId: dmId,
      messageId: first.id,
      body: text("while down, edited"),
    });
    expect(edited.editedAt).not.toBeNull();
    const doomed = await sendMessage({
      actor: ben,
      conversationId: dmId,
      body: text("oops"),
      clientNonce: nonce(),
    });
    const deleted = await deleteMessage({ actor: ben, conversationId: dmId, messageId: doomed.id });
    expect(deleted.deletedAt).not.toBeNull();
    const reaction = { conversationId: dmId, messageId: first.id, emoji: "👍" };
    expect((await addReaction({ actor: ben, ...reaction })).reactions).toEqual([
      { emoji: "👍", userIds: [ben.id] },
    ]);
    expect((await removeReaction({ actor: ben, ...reaction })).reactions).toEqual([]);
    const marker = await markConversationRead({ actor: ben, conversationId: dmId, messageId: first.id });
    expect(marker.messageId).toBe(first.id);

    // What a client catching up after its reconnect reads: everything, once, in order.
    const page = await listMessages({ actor: ben, conversationId: dmId, after: before.id });
    expect(page.messages.map((m) => [m.id, m.plainText])).toEqual([
      [first.id, "while down, edited"],
      [reply.id, "ben while down"],
      [doomed.id, ""],
    ]);
    expect(await getDb().message.count({ where: { clientNonce } })).toBe(1);

    const logged = failedPublishLogs();
    expect(logged).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          event: "message.created",
          conversationId: dmId,
          messageId: first.id,
          error: expect.any(String),
        }),
        expect.objectContaining({ event: "message.updated", messageId: first.id }),
        expect.objectContaining({ event: "message.deleted", messageId: doomed.id }),
        expect.objectContaining({ event: "conversation.updated", conversationId: dmId, userId: ben.id }),
        expect.objectContaining({ event: "read.updated", userId: ben.id, messageId: first.id }),
        expect.objectContaining({ event: "reaction.added", userId: ben.id, messageId: first.id }),
        expect.objectContaining({ event: "reaction.removed", userId: ben.id, messageId: first.id }),
      ]),
    );
  });

  it("still refuses what it always refuses: a non-member learns nothing and saves nothing", async () => {
    errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const count = await getDb().message.count({ where: { conversationId: dmId } });
    const error = await refusal(
      sendMessage({ actor: cat, conversationId: dmId, body: text("let me in"), clientNonce: nonce() }),
    );
    expect(error.code).toBe("not_found:conversation");
    expect(await getDb().message.count({ where: { conversationId: dmId } })).toBe(count);
    expect(failedPublishLogs()).toEqual([]);
  });

  it("publishes live again once the server is back on the same port, with nothing logged", async () => {
    await realtime.restart();
    errors = vi.spyOn(console, "error");
    const benSocket = await realtime.connect(ben);
    const received: MessageDto[] = [];
    (await subscribe(benSocket.client, conversationChannel(dmId))).bind("message.created", (m: MessageDto) =>
      received.push(m),
    );
    const sent = await sendMessage({
      actor: ana,
      conversationId: dmId,
      body: text("back"),
      clientNonce: nonce(),
    });
    const deadline = Date.now() + 5_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(received).toEqual([{ ...sent, clientNonce: null }]);
    expect(failedPublishLogs()).toEqual([]);
  });
});
