import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountSummary } from "@/lib/accounts/types";
import type { InlineNode, MessageDoc } from "@/lib/chat/body/schema";
import { createGroup, findOrCreateDirectConversation } from "@/lib/chat/conversations/conversations";
import { listConversationsForUser } from "@/lib/chat/conversations/sidebar";
import { createPerson, nonce, text } from "@/lib/chat/testing/fixtures";
import { getDb } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { startTestRealtime, type TestRealtime } from "@/tests/support/chat-realtime";
import { refusal } from "@/tests/support/refusal";
import { editMessage } from "./edit-message";
import { sendMessage } from "./send-message";

let database: TestDatabase;
let realtime: TestRealtime;
let owner: AccountSummary;
let admin: AccountSummary;
let member: AccountSummary;
let quiet: AccountSummary;
let outsider: AccountSummary;
let groupId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  realtime = await startTestRealtime();
  [owner, admin, member, quiet, outsider] = [
    await createPerson("Owen"),
    await createPerson("Ada"),
    await createPerson("Mia"),
    await createPerson("Quin"),
    await createPerson("Out"),
  ];
  groupId = (await createGroup({ actor: owner, name: "Team", memberIds: [admin.id, member.id, quiet.id] }))
    .id;
  await getDb().membership.update({
    where: { conversationId_userId: { conversationId: groupId, userId: admin.id } },
    data: { role: "admin" },
  });
});

afterAll(async () => {
  await realtime?.close();
  await database?.drop();
});

const mention = (id: string, label: string | null = null): InlineNode => ({
  type: "mention",
  attrs: { id, label },
});
const say = (...content: (InlineNode | string)[]): MessageDoc => ({
  type: "doc",
  content: [
    {
      type: "paragraph",
      content: content.map((part) => (typeof part === "string" ? { type: "text", text: part } : part)),
    },
  ],
});
const send = (actor: AccountSummary, body: MessageDoc | { text: string }, conversationId = groupId) =>
  sendMessage({ actor, conversationId, body, clientNonce: nonce() });
const mentionedIn = async (messageId: string) =>
  (await getDb().mention.findMany({ where: { messageId }, orderBy: { userId: "asc" } })).map((m) => m.userId);
const counts = async () => getDb().message.count({ where: { conversationId: groupId } });
const unreadMentions = async (person: AccountSummary, conversationId = groupId) =>
  (await listConversationsForUser({ actor: person })).conversations.find((c) => c.id === conversationId)
    ?.unreadMentionCount;

describe("mentions in rich messages", () => {
  it("records mention nodes of members, sets labels from usernames and projects them as @username", async () => {
    const sent = await send(
      owner,
      say("hey ", mention(member.id, "someone else"), " and ", mention(owner.id)),
    );
    expect(sent.plainText).toBe(`hey @${member.username} and @${owner.username}`);
    expect(sent.body.content[0]).toEqual({
      type: "paragraph",
      content: [
        { type: "text", text: "hey " },
        mention(member.id, member.username),
        { type: "text", text: " and " },
        mention(owner.id, owner.username),
      ],
    });
    // Only the mentioned member gets a row; mentioning yourself does nothing.
    expect(await mentionedIn(sent.id)).toEqual([member.id]);
    expect(await unreadMentions(member)).toBe(1);
    expect(await unreadMentions(quiet)).toBe(0);
  });

  it("refuses a mention of a non-member, a deleted account or a banned member, writing nothing", async () => {
    const deleted = await createPerson("Gone", { deletedAt: new Date() });
    const banned = await createPerson("Banned");
    await getDb().membership.createMany({
      data: [deleted, banned].map((p) => ({ conversationId: groupId, userId: p.id })),
    });
    await getDb().ban.create({ data: { conversationId: groupId, userId: banned.id, bannedById: owner.id } });
    const before = await counts();
    for (const id of [outsider.id, deleted.id, banned.id, "no-such-user"]) {
      const error = await refusal(send(member, say("hi ", mention(member.id), mention(id))));
      expect(error.code).toBe("invalid:mention");
      expect(error.status).toBe(400);
    }
    expect(await counts()).toBe(before);
    expect(
      await getDb().mention.count({ where: { userId: { in: [outsider.id, deleted.id, banned.id] } } }),
    ).toBe(0);
  });

  it("answers an outsider 404, never whether the people they mention are members", async () => {
    for (const id of [member.id, outsider.id]) {
      const error = await refusal(send(outsider, say(mention(id))));
      expect(error.code).toBe("not_found:conversation");
    }
  });

  it("refuses @everyone from a plain member (403) and writes nothing", async () => {
    const before = await counts();
    const error = await refusal(send(member, say(mention("everyone"), " lunch?")));
    expect(error.code).toBe("forbidden:mention_everyone");
    expect(error.status).toBe(403);
    expect(await counts()).toBe(before);
  });

  it("lets the owner and an admin mention @everyone: one unread mention for each other member", async () => {
    const [memberBefore, quietBefore, adminBefore] = [
      await unreadMentions(member),
      await unreadMentions(quiet),
      await unreadMentions(admin),
    ];
    const byOwner = await send(owner, say(mention("everyone", "ignored"), " standup"));
    expect(byOwner.plainText).toBe("@everyone standup");
    expect(byOwner.body.content[0]).toEqual({
      type: "paragraph",
      content: [mention("everyone", "everyone"), { type: "text", text: " standup" }],
    });
    expect(await mentionedIn(byOwner.id)).toEqual([admin.id, member.id, quiet.id].sort());

    const byAdmin = await send(admin, say(mention("everyone"), " and ", mention(member.id)));
    expect(await mentionedIn(byAdmin.id)).toEqual([owner.id, member.id, quiet.id].sort());
    expect(await unreadMentions(member)).toBe((memberBefore ?? 0) + 2);
    expect(await unreadMentions(quiet)).toBe((quietBefore ?? 0) + 2);
    expect(await unreadMentions(admin)).toBe((adminBefore ?? 0) + 1);
  });

  it("in a direct conversation: mentions the other person, never @everyone", async () => {
    const dm = await findOrCreateDirectConversation({ actor: owner, otherUserId: member.id });
    const sent = await send(member, say("ping ", mention(owner.id)), dm.id);
    expect(await mentionedIn(sent.id)).toEqual([owner.id]);
    expect(await unreadMentions(owner, dm.id)).toBe(1);
    for (const actor of [owner, member]) {
      const error = await refusal(send(actor, say(mention("everyone")), dm.id));
      expect(error.code).toBe("forbidden:mention_everyone");
    }
    const foreign = await refusal(send(member, say(mention(quiet.id)), dm.id));
    expect(foreign.code).toBe("invalid:mention");
  });

  it("turns @username of members in a { text } body into mention nodes, other @words stay text", async () => {
    const sent = await send(
      owner,
      text(`@${member.username.toUpperCase()} meet @${outsider.username} @everyone`),
    );
    expect(sent.body.content[0]).toEqual({
      type: "paragraph",
      content: [
        mention(member.id, member.username),
        { type: "text", text: ` meet @${outsider.username} @everyone` },
      ],
    });
    expect(sent.plainText).toBe(`@${member.username} meet @${outsider.username} @everyone`);
    expect(await mentionedIn(sent.id)).toEqual([member.id]);
  });

  it("recomputes mentions when a message is edited", async () => {
    const sent = await send(admin, say("for ", mention(member.id)));
    expect(await mentionedIn(sent.id)).toEqual([member.id]);
    const edited = await editMessage({
      actor: admin,
      conversationId: groupId,
      messageId: sent.id,
      body: say("for ", mention(quiet.id), " and ", mention("everyone")),
    });
    expect(edited.plainText).toBe(`for @${quiet.username} and @everyone`);
    expect(await mentionedIn(sent.id)).toEqual([owner.id, member.id, quiet.id].sort());
    const rows = await getDb().mention.findMany({ where: { messageId: sent.id } });
    expect(rows.every((row) => row.createdAt.toISOString() === sent.createdAt)).toBe(true);

    await editMessage({
      actor: admin,
      conversationId: groupId,
      messageId: sent.id,
      body: text("never mind"),
    });
    expect(await mentionedIn(sent.id)).toEqual([]);

    const refused = await refusal(
      editMessage({
        actor: admin,
        conversationId: groupId,
        messageId: sent.id,
        body: say(mention(outsider.id)),
      }),
    );
    expect(refused.code).toBe("invalid:mention");
    expect((await getDb().message.findUniqueOrThrow({ where: { id: sent.id } })).plainText).toBe(
      "never mind",
    );
  });

  it("refuses @everyone in an edit by a plain member and keeps the message as it was", async () => {
    const sent = await send(member, say("plain"));
    const error = await refusal(
      editMessage({
        actor: member,
        conversationId: groupId,
        messageId: sent.id,
        body: say(mention("everyone")),
      }),
    );
    expect(error.code).toBe("forbidden:mention_everyone");
    const row = await getDb().message.findUniqueOrThrow({ where: { id: sent.id } });
    expect([row.plainText, row.editedAt]).toEqual(["plain", null]);
  });
});
