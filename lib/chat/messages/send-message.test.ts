import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountSummary } from "@/lib/accounts/types";
import { createGroup, findOrCreateDirectConversation } from "@/lib/chat/conversations/conversations";
import { createPerson, nonce, text } from "@/lib/chat/testing/fixtures";
import { getDb } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { startTestRealtime, type TestRealtime } from "@/tests/support/chat-realtime";
import { refusal } from "@/tests/support/refusal";
import { listMessages } from "./list-messages";
import { sendMessage } from "./send-message";

let database: TestDatabase;
let realtime: TestRealtime;
let ana: AccountSummary;
let ben: AccountSummary;
let cat: AccountSummary;
let groupId: string;
let otherGroupId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  realtime = await startTestRealtime();
  [ana, ben, cat] = [await createPerson("Ana"), await createPerson("Ben"), await createPerson("Cat")];
  groupId = (await createGroup({ actor: ana, name: "Team", memberIds: [ben.id] })).id;
  otherGroupId = (await createGroup({ actor: cat, name: "Elsewhere", memberIds: [ana.id] })).id;
});

afterAll(async () => {
  await realtime?.close();
  await database?.drop();
});

const countMessages = (conversationId: string) => getDb().message.count({ where: { conversationId } });

describe("sendMessage", () => {
  it("saves the document and its plain text, bumps the conversation, returns the author's DTO", async () => {
    const clientNonce = nonce();
    const sent = await sendMessage({
      actor: ana,
      conversationId: groupId,
      body: text("Hello\n\nteam"),
      clientNonce,
    });
    expect(sent).toMatchObject({
      conversationId: groupId,
      author: { id: ana.id, displayName: ana.displayName, username: ana.username },
      plainText: "Hello\nteam",
      replyTo: null,
      editedAt: null,
      deletedAt: null,
      clientNonce,
    });
    const conversation = await getDb().conversation.findUniqueOrThrow({ where: { id: groupId } });
    expect(conversation.lastMessageAt?.toISOString()).toBe(sent.createdAt);
  });

  it("returns the same message to 8 concurrent retries of one send and stores one row", async () => {
    const clientNonce = nonce();
    const before = await countMessages(groupId);
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        sendMessage({ actor: ana, conversationId: groupId, body: text("only once"), clientNonce }),
      ),
    );
    expect(new Set(results.map((m) => m.id)).size).toBe(1);
    expect(await countMessages(groupId)).toBe(before + 1);
    // A later retry, after the fact, still gets the original.
    const late = await sendMessage({
      actor: ana,
      conversationId: groupId,
      body: text("only once"),
      clientNonce,
    });
    expect(late.id).toBe(results[0]?.id);
  });

  it("refuses reusing a nonce for another conversation", async () => {
    const clientNonce = nonce();
    await sendMessage({ actor: ana, conversationId: groupId, body: text("first"), clientNonce });
    const error = await refusal(
      sendMessage({ actor: ana, conversationId: otherGroupId, body: text("x"), clientNonce }),
    );
    expect(error.code).toBe("conflict:nonce");
  });

  it("answers 404 to a non-member and writes nothing, for real and invented ids alike", async () => {
    const before = await countMessages(groupId);
    for (const conversationId of [groupId, "no-such-conversation"]) {
      const error = await refusal(
        sendMessage({ actor: cat, conversationId, body: text("hi"), clientNonce: nonce() }),
      );
      expect(error.code).toBe("not_found:conversation");
      expect(error.status).toBe(404);
    }
    expect(await countMessages(groupId)).toBe(before);
  });

  it("refuses a member removed from the group, even retrying a nonce they used while in it", async () => {
    const dan = await createPerson("Dan");
    const group = await createGroup({ actor: ana, name: "Temporary", memberIds: [dan.id] });
    const clientNonce = nonce();
    await sendMessage({ actor: dan, conversationId: group.id, body: text("hello"), clientNonce });
    await getDb().membership.deleteMany({ where: { conversationId: group.id, userId: dan.id } });
    for (const retryNonce of [clientNonce, nonce()]) {
      const error = await refusal(
        sendMessage({
          actor: dan,
          conversationId: group.id,
          body: text("still here?"),
          clientNonce: retryNonce,
        }),
      );
      expect(error.code).toBe("not_found:conversation");
    }
    expect(await countMessages(group.id)).toBe(1);
  });

  it("refuses a muted member until the mute ends, and a banned one", async () => {
    const eve = await createPerson("Eve");
    const group = await createGroup({ actor: ana, name: "Moderated", memberIds: [eve.id] });
    const where = { conversationId_userId: { conversationId: group.id, userId: eve.id } };
    await getDb().membership.update({ where, data: { mutedUntil: new Date(Date.now() + 60_000) } });
    const muted = await refusal(
      sendMessage({ actor: eve, conversationId: group.id, body: text("hi"), clientNonce: nonce() }),
    );
    expect(muted.code).toBe("forbidden:muted");
    expect(muted.status).toBe(403);

    await getDb().membership.update({ where, data: { mutedUntil: new Date(Date.now() - 1_000) } });
    await sendMessage({ actor: eve, conversationId: group.id, body: text("back"), clientNonce: nonce() });

    await getDb().ban.create({ data: { conversationId: group.id, userId: eve.id, bannedById: ana.id } });
    const banned = await refusal(
      sendMessage({ actor: eve, conversationId: group.id, body: text("x"), clientNonce: nonce() }),
    );
    expect(banned.code).toBe("not_found:conversation");
    expect(await countMessages(group.id)).toBe(1);
  });

  it("links a reply to a message of the same conversation and refuses one from another", async () => {
    const original = await sendMessage({
      actor: ben,
      conversationId: groupId,
      body: text("question?"),
      clientNonce: nonce(),
    });
    const reply = await sendMessage({
      actor: ana,
      conversationId: groupId,
      body: text("answer"),
      clientNonce: nonce(),
      replyToId: original.id,
    });
    expect(reply.replyTo).toEqual({
      id: original.id,
      authorDisplayName: ben.displayName,
      excerpt: "question?",
      isDeleted: false,
    });
    // History pages carry the very same DTO as the send response and the realtime event.
    const page = await listMessages({ actor: ana, conversationId: groupId, limit: 2 });
    expect(page.messages).toEqual([{ ...original, clientNonce: null }, reply]);

    const foreign = await sendMessage({
      actor: cat,
      conversationId: otherGroupId,
      body: text("elsewhere"),
      clientNonce: nonce(),
    });
    const before = await countMessages(groupId);
    const error = await refusal(
      sendMessage({
        actor: ana,
        conversationId: groupId,
        body: text("x"),
        clientNonce: nonce(),
        replyToId: foreign.id,
      }),
    );
    expect(error.code).toBe("invalid:reply_to");
    expect(await countMessages(groupId)).toBe(before);
  });

  it("answers a reply to a deleted message by a deleted account as its history page shows it", async () => {
    const dee = await createPerson("Dee");
    const group = await createGroup({ actor: ana, name: "Reply previews", memberIds: [dee.id] });
    const original = await sendMessage({
      actor: dee,
      conversationId: group.id,
      body: text("soon gone"),
      clientNonce: nonce(),
    });
    await getDb().message.update({ where: { id: original.id }, data: { deletedAt: new Date() } });
    await getDb().user.update({ where: { id: dee.id }, data: { deletedAt: new Date() } });
    const reply = await sendMessage({
      actor: ana,
      conversationId: group.id,
      body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "noted" }] }] },
      clientNonce: nonce(),
      replyToId: original.id,
    });
    expect(reply.replyTo).toEqual({ id: original.id, authorDisplayName: null, excerpt: "", isDeleted: true });
    const page = await listMessages({ actor: ana, conversationId: group.id, limit: 1 });
    expect(page.messages).toEqual([reply]);
  });

  it("refuses malformed nonces, empty and over-long bodies, writing nothing", async () => {
    const before = await countMessages(groupId);
    const cases = [
      { body: text("hi"), clientNonce: "short", code: "invalid:message" },
      { body: text("hi"), clientNonce: "has spaces in it", code: "invalid:message" },
      { body: text("   \n "), clientNonce: nonce(), code: "invalid:body" },
      { body: text("x".repeat(4_001)), clientNonce: nonce(), code: "invalid:body" },
    ];
    for (const { code, ...input } of cases) {
      const error = await refusal(sendMessage({ actor: ana, conversationId: groupId, ...input }));
      expect(error.code).toBe(code);
      expect(error.status).toBe(400);
    }
    expect(await countMessages(groupId)).toBe(before);
  });

  it("records @mentions of members only, never of the author", async () => {
    const sent = await sendMessage({
      actor: ana,
      conversationId: groupId,
      body: text(`@${ben.username} and @${cat.username} and @${ana.username}`),
      clientNonce: nonce(),
    });
    const mentions = await getDb().mention.findMany({ where: { messageId: sent.id } });
    expect(mentions.map((m) => m.userId)).toEqual([ben.id]);
  });

  it("works in a direct conversation", async () => {
    const dm = await findOrCreateDirectConversation({ actor: ana, otherUserId: cat.id });
    const sent = await sendMessage({
      actor: cat,
      conversationId: dm.id,
      body: text("hey"),
      clientNonce: nonce(),
    });
    expect(sent.author?.id).toBe(cat.id);
  });
});
