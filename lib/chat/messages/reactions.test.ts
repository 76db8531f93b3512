import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AccountSummary } from "@/lib/accounts/types";
import { createGroup, findOrCreateDirectConversation } from "@/lib/chat/conversations/conversations";
import type { MessageDto, ReactionEvent } from "@/lib/chat/dto";
import { createPerson, nonce, text } from "@/lib/chat/testing/fixtures";
import { getDb } from "@/lib/db";
import { conversationChannel } from "@/lib/realtime/channels";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { startTestRealtime, subscribe, type TestRealtime } from "@/tests/support/chat-realtime";
import { refusal } from "@/tests/support/refusal";
import { deleteMessage, editMessage } from "./edit-message";
import { listMessages } from "./list-messages";
import { addReaction, MAX_DISTINCT_REACTIONS, removeReaction } from "./reactions";
import { sendMessage } from "./send-message";

let database: TestDatabase;
let realtime: TestRealtime;
let ana: AccountSummary;
let ben: AccountSummary;
let cat: AccountSummary;
let outsider: AccountSummary;
let groupId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  realtime = await startTestRealtime();
  [ana, ben, cat, outsider] = [
    await createPerson("Ana"),
    await createPerson("Ben"),
    await createPerson("Cat"),
    await createPerson("Out"),
  ];
  groupId = (await createGroup({ actor: ana, name: "Team", memberIds: [ben.id, cat.id] })).id;
});

afterAll(async () => {
  await realtime?.close();
  await database?.drop();
});

const send = (actor: AccountSummary, value = "react to me", conversationId = groupId) =>
  sendMessage({ actor, conversationId, body: text(value), clientNonce: nonce() });
const react = (actor: AccountSummary, messageId: string, emoji: string, conversationId = groupId) =>
  addReaction({ actor, conversationId, messageId, emoji });
const unreact = (actor: AccountSummary, messageId: string, emoji: string, conversationId = groupId) =>
  removeReaction({ actor, conversationId, messageId, emoji });
const rows = (messageId: string) => getDb().reaction.count({ where: { messageId } });

function collect<T>(channel: { bind(event: string, fn: (data: T) => void): unknown }, event: string): T[] {
  const received: T[] = [];
  channel.bind(event, (data: T) => received.push(data));
  return received;
}

async function until(check: () => boolean, what: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("addReaction / removeReaction", () => {
  it("adds and removes a member's reaction, grouped per emoji in order of first reaction", async () => {
    const message = await send(ana);
    expect(message.reactions).toEqual([]);
    expect((await react(ben, message.id, "🎉")).reactions).toEqual([{ emoji: "🎉", userIds: [ben.id] }]);
    await react(cat, message.id, "👍🏽");
    expect((await react(ana, message.id, "🎉")).reactions).toEqual([
      { emoji: "🎉", userIds: [ben.id, ana.id] },
      { emoji: "👍🏽", userIds: [cat.id] },
    ]);
    // Order follows the reactions that remain: Ana's 🎉 came after Cat's 👍🏽.
    expect((await unreact(ben, message.id, "🎉")).reactions).toEqual([
      { emoji: "👍🏽", userIds: [cat.id] },
      { emoji: "🎉", userIds: [ana.id] },
    ]);
    // An unqualified heart is the same reaction as the qualified one.
    await react(ben, message.id, "❤");
    expect((await react(ben, message.id, "❤️")).reactions.at(-1)).toEqual({ emoji: "❤️", userIds: [ben.id] });
    expect(await rows(message.id)).toBe(3);
  });

  it("is idempotent: repeats and 8 concurrent adds store one row; removing twice is fine", async () => {
    const message = await send(ana);
    const results = await Promise.all(Array.from({ length: 8 }, () => react(ben, message.id, "👍")));
    for (const result of results) expect(result.reactions).toEqual([{ emoji: "👍", userIds: [ben.id] }]);
    expect(await rows(message.id)).toBe(1);
    expect((await unreact(ben, message.id, "👍")).reactions).toEqual([]);
    expect((await unreact(ben, message.id, "👍")).reactions).toEqual([]);
    expect((await unreact(ben, message.id, "😮")).reactions).toEqual([]);
  });

  it(`allows ${MAX_DISTINCT_REACTIONS} distinct emoji, then refuses a new one (409) but not more of the same`, async () => {
    const message = await send(ana);
    const emoji = [..."😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙🥲😚🙂🤗🤩"];
    for (const e of emoji.slice(0, MAX_DISTINCT_REACTIONS)) await react(ben, message.id, e);
    const error = await refusal(react(cat, message.id, emoji[MAX_DISTINCT_REACTIONS] ?? ""));
    expect(error.code).toBe("limit:reactions");
    expect(error.status).toBe(409);
    const more = await react(cat, message.id, emoji[0] ?? "");
    expect(more.reactions[0]).toEqual({ emoji: emoji[0], userIds: [ben.id, cat.id] });
    expect(more.reactions).toHaveLength(MAX_DISTINCT_REACTIONS);
  });

  it("keeps the cap under concurrency: 22 new emoji racing for 2 free slots, exactly 2 win", async () => {
    const message = await send(ana);
    const emoji = [..."🍏🍎🍐🍊🍋🍌🍉🍇🍓🫐🍈🍒🍑🥭🍍🥥🥝🍅🍆🥑🥦🥬🥒🌶🫑🌽🥕🧄"];
    for (const e of emoji.slice(0, MAX_DISTINCT_REACTIONS - 2)) await react(ana, message.id, e);
    const racing = emoji.slice(MAX_DISTINCT_REACTIONS - 2, MAX_DISTINCT_REACTIONS + 20);
    const outcomes = await Promise.allSettled(racing.map((e, i) => react(i % 2 ? ben : cat, message.id, e)));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(2);
    const refused = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as { code: string }] : []));
    expect(refused.every((e) => e.code === "limit:reactions")).toBe(true);
    const distinct = await getDb().reaction.groupBy({ by: ["emoji"], where: { messageId: message.id } });
    expect(distinct).toHaveLength(MAX_DISTINCT_REACTIONS);
  });

  it("refuses anything but one emoji (400) and stores nothing", async () => {
    const message = await send(ana);
    for (const bad of ["", "a", "lol", "👍👍", "<b>", "👍 ", "1", "\u200D", "x".repeat(40)]) {
      const error = await refusal(react(ben, message.id, bad));
      expect(error.code).toBe("invalid:reaction");
      expect(error.status).toBe(400);
    }
    expect(await rows(message.id)).toBe(0);
  });

  it("answers 404 to non-members, for unknown messages and for another conversation's message", async () => {
    const message = await send(ana);
    const other = await createGroup({ actor: outsider, name: "Elsewhere", memberIds: [] });
    const foreign = await send(outsider, "not yours", other.id);
    const cases: [AccountSummary, string, string, string][] = [
      [outsider, groupId, message.id, "not_found:conversation"],
      [outsider, "no-such-conversation", message.id, "not_found:conversation"],
      [ben, groupId, "no-such-message", "not_found:message"],
      [ben, groupId, foreign.id, "not_found:message"],
      [outsider, groupId, foreign.id, "not_found:conversation"],
    ];
    for (const [actor, conversationId, messageId, code] of cases) {
      for (const run of [addReaction, removeReaction]) {
        const error = await refusal(run({ actor, conversationId, messageId, emoji: "👍" }));
        expect(error.code).toBe(code);
        expect(error.status).toBe(404);
      }
    }
    expect(await rows(message.id)).toBe(0);
    expect(await rows(foreign.id)).toBe(0);
  });

  it("refuses a member who was banned", async () => {
    const eve = await createPerson("Eve");
    const group = await createGroup({ actor: ana, name: "Moderated", memberIds: [eve.id] });
    const message = await send(ana, "hello", group.id);
    await getDb().ban.create({ data: { conversationId: group.id, userId: eve.id, bannedById: ana.id } });
    expect((await refusal(react(eve, message.id, "👍", group.id))).code).toBe("not_found:conversation");
  });

  it("refuses reacting to a deleted message (409); deleting clears its reactions", async () => {
    const message = await send(ana);
    await react(ben, message.id, "👍");
    const tombstone = await deleteMessage({ actor: ana, conversationId: groupId, messageId: message.id });
    expect(tombstone.reactions).toEqual([]);
    expect(await rows(message.id)).toBe(0);
    for (const run of [react, unreact]) {
      const error = await refusal(run(ben, message.id, "👍"));
      expect(error.code).toBe("conflict:message_deleted");
      expect(error.status).toBe(409);
    }
  });

  it("works in a direct conversation", async () => {
    const dm = await findOrCreateDirectConversation({ actor: ben, otherUserId: cat.id });
    const message = await send(ben, "dm", dm.id);
    expect((await react(cat, message.id, "😂", dm.id)).reactions).toEqual([
      { emoji: "😂", userIds: [cat.id] },
    ]);
    expect((await refusal(react(ana, message.id, "😂", dm.id))).code).toBe("not_found:conversation");
  });
});

describe("reactions in every message DTO", () => {
  it("are the same in history pages, edits and the reaction responses", async () => {
    const first = await send(ana, "first");
    const second = await send(ben, "second");
    await react(ben, first.id, "👍");
    await react(cat, first.id, "👍");
    const latest = await react(ana, first.id, "🎉");
    await react(ana, second.id, "😮");

    const page = await listMessages({ actor: cat, conversationId: groupId, limit: 2 });
    const byId = new Map(page.messages.map((m) => [m.id, m]));
    expect(byId.get(first.id)?.reactions).toEqual(latest.reactions);
    expect(byId.get(first.id)?.reactions).toEqual([
      { emoji: "👍", userIds: [ben.id, cat.id] },
      { emoji: "🎉", userIds: [ana.id] },
    ]);
    expect(byId.get(second.id)?.reactions).toEqual([{ emoji: "😮", userIds: [ana.id] }]);

    const edited = await editMessage({
      actor: ana,
      conversationId: groupId,
      messageId: first.id,
      body: text("edited"),
    });
    expect(edited.reactions).toEqual(latest.reactions);
    const around = await listMessages({ actor: ana, conversationId: groupId, around: first.id, limit: 3 });
    expect(around.messages.find((m) => m.id === first.id)).toEqual(edited);
  });

  it("loads a page of 100 reacted messages with one statement, not one per message", async () => {
    const group = await createGroup({ actor: ana, name: "Busy", memberIds: [ben.id] });
    const db = getDb();
    // Seeded directly: this test is about reading, and 134 sends with publishes are slow.
    const start = Date.now();
    const ids = Array.from({ length: 100 }, (_, i) => `busy-${group.id}-${i}`);
    await db.message.createMany({
      data: ids.map((id, i) => ({
        id,
        conversationId: group.id,
        authorId: ana.id,
        body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: `m${i}` }] }] },
        plainText: `m${i}`,
        createdAt: new Date(start + i),
      })),
    });
    await db.reaction.createMany({
      data: ids
        .filter((_, i) => i % 3 === 0)
        .map((messageId) => ({ messageId, userId: ben.id, emoji: "👍" })),
    });
    const rawQueries = vi.spyOn(db, "$queryRaw");
    const reactionReads = vi.spyOn(db.reaction, "findMany");
    try {
      const page = await listMessages({ actor: ben, conversationId: group.id, limit: 100 });
      expect(page.messages).toHaveLength(100);
      expect(page.messages.filter((m) => m.reactions.length > 0)).toHaveLength(34);
      expect(rawQueries).toHaveBeenCalledTimes(1);
      expect(reactionReads).not.toHaveBeenCalled();
    } finally {
      rawQueries.mockRestore();
      reactionReads.mockRestore();
    }
  });
});

describe("reaction events through the realtime server", () => {
  it("tells other members' sockets, not the reacting one, after the change is saved", async () => {
    const message = await send(ana, "live");
    const anaSocket = await realtime.connect(ana);
    const benSocket = await realtime.connect(ben);
    const benChannel = await subscribe(benSocket.client, conversationChannel(groupId));
    const anaChannel = await subscribe(anaSocket.client, conversationChannel(groupId));
    const benAdded = collect<ReactionEvent>(benChannel, "reaction.added");
    const benRemoved = collect<ReactionEvent>(benChannel, "reaction.removed");
    const anaEvents = [
      ...collect<ReactionEvent>(anaChannel, "reaction.added"),
      ...collect<ReactionEvent>(anaChannel, "reaction.removed"),
    ];
    const anaAdded = collect<ReactionEvent>(anaChannel, "reaction.added");

    const socketId = anaSocket.socketId;
    const added = await addReaction({
      actor: ana,
      conversationId: groupId,
      messageId: message.id,
      emoji: "🎉",
      socketId,
    });
    const event = { conversationId: groupId, messageId: message.id, emoji: "🎉", userId: ana.id };
    await until(() => benAdded.length > 0, "reaction.added");
    expect(benAdded).toEqual([event]);
    // Saved before it was announced: a client refetching on the event sees it.
    expect(added.reactions).toEqual([{ emoji: "🎉", userIds: [ana.id] }]);

    // A repeat changes nothing and announces nothing.
    await addReaction({ actor: ana, conversationId: groupId, messageId: message.id, emoji: "🎉", socketId });
    await removeReaction({
      actor: ana,
      conversationId: groupId,
      messageId: message.id,
      emoji: "🎉",
      socketId,
    });
    await until(() => benRemoved.length > 0, "reaction.removed");
    expect(benRemoved).toEqual([event]);

    // Ben reacting reaches Ana's socket (it was only excluded for her own changes).
    await addReaction({ actor: ben, conversationId: groupId, messageId: message.id, emoji: "👍" });
    await until(() => anaAdded.length > 0, "Ben's reaction on Ana's socket");
    expect(anaAdded).toEqual([{ ...event, emoji: "👍", userId: ben.id }]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(benAdded).toHaveLength(2);
    expect(anaEvents).toEqual([]);
  });

  it("carries reactions in message events (an edit of a reacted message)", async () => {
    const message = await send(ana, "reacted");
    await react(ben, message.id, "👍");
    const benSocket = await realtime.connect(ben);
    const updates = collect<MessageDto>(
      await subscribe(benSocket.client, conversationChannel(groupId)),
      "message.updated",
    );
    await editMessage({
      actor: ana,
      conversationId: groupId,
      messageId: message.id,
      body: text("still reacted"),
    });
    await until(() => updates.length > 0, "message.updated");
    expect(updates[0]?.reactions).toEqual([{ emoji: "👍", userIds: [ben.id] }]);
  });
});
