import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setAvatar } from "@/lib/accounts/avatar";
import type { AccountSummary } from "@/lib/accounts/types";
import { createGroup, findOrCreateDirectConversation } from "@/lib/chat/conversations/conversations";
import { setGroupIcon } from "@/lib/chat/conversations/group-icon";
import { searchPeople } from "@/lib/chat/conversations/people";
import { editMessage } from "@/lib/chat/messages/edit-message";
import { addReaction, removeReaction } from "@/lib/chat/messages/reactions";
import { sendMessage } from "@/lib/chat/messages/send-message";
import { createPerson, nonce, text } from "@/lib/chat/testing/fixtures";
import { getDb } from "@/lib/db";
import { createLocalStorage } from "@/lib/files/local-storage";
import type { FileStorage } from "@/lib/files/storage";
import { uploadAttachment } from "@/lib/files/upload";
import { authenticateUser, authorizeChannel } from "@/lib/realtime/authorize";
import { pingOtherDevices } from "@/lib/realtime/device-ping";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { startTestRealtime, type TestRealtime } from "@/tests/support/chat-realtime";
import { databaseStore, redisStore, uniquePrefix } from "@/tests/support/rate-limit-stores";
import { refusal } from "@/tests/support/refusal";
import { effectiveActionPolicy, setActionLimitsForTests } from "./actions";
import { actionPolicies, type RateLimitedAction } from "./policies";

// Every limited action, through the domain function every entry point calls, on the real
// database: once the budget is spent the next attempt is refused with its code, a wait and a
// message, and nothing is written.

let database: TestDatabase;
let realtime: TestRealtime;
let root: string;
const redis = redisStore();

beforeAll(async () => {
  database = await createTestDatabase();
  realtime = await startTestRealtime();
  root = await fs.mkdtemp(path.join(os.tmpdir(), "parley-limits-"));
});
afterAll(async () => {
  setActionLimitsForTests(undefined);
  await realtime?.close();
  await database?.drop();
  await fs.rm(root, { recursive: true, force: true });
  redis.client.disconnect();
});

async function png(): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width: 40, height: 40, channels: 3, background: "#2563eb" } })
      .png()
      .toBuffer(),
  );
}

/** A storage of the case's own, and how many files it holds (the old one is deleted on replace). */
async function ownStorage(): Promise<{ own: FileStorage; files: () => Promise<number> }> {
  const dir = await fs.mkdtemp(path.join(root, "case-"));
  let stored = 0;
  const local = createLocalStorage(dir);
  const own: FileStorage = {
    ...local,
    put: async (...args) => {
      stored += 1;
      return local.put(...args);
    },
  };
  return { own, files: async () => stored };
}

/** A budget of one for every action: the second attempt is the one over the limit. */
function budgetOfOne() {
  setActionLimitsForTests({ store: databaseStore(database), prefix: uniquePrefix("one"), scale: 1e-6 });
}

interface Case {
  action: RateLimitedAction;
  name: string;
  /** Sets up a fresh actor; `attempt` is called twice, and `written` counts what it wrote. */
  setUp(): Promise<{ attempt: () => Promise<unknown>; written: () => Promise<number> }>;
}

async function pairWithMessage() {
  const [ana, ben] = [await createPerson("Ana"), await createPerson("Ben")];
  const group = await createGroupUnlimited(ana, [ben.id]);
  const message = await getDb().message.create({
    data: { conversationId: group, authorId: ana.id, body: {}, plainText: "original" },
    select: { id: true },
  });
  return { ana, ben, conversationId: group, messageId: message.id };
}

async function createGroupUnlimited(actor: AccountSummary, memberIds: string[]): Promise<string> {
  const conversation = await getDb().conversation.create({
    data: {
      kind: "group",
      name: "Limits",
      memberships: {
        create: [{ userId: actor.id, role: "owner" }, ...memberIds.map((userId) => ({ userId }))],
      },
    },
    select: { id: true },
  });
  return conversation.id;
}

const cases: Case[] = [
  {
    action: "send",
    name: "sending a message",
    async setUp() {
      const { ana, conversationId } = await pairWithMessage();
      return {
        attempt: () => sendMessage({ actor: ana, conversationId, body: text("hello"), clientNonce: nonce() }),
        written: () => getDb().message.count({ where: { conversationId, plainText: "hello" } }),
      };
    },
  },
  {
    action: "edit",
    name: "editing a message",
    async setUp() {
      const { ana, conversationId, messageId } = await pairWithMessage();
      let n = 0;
      return {
        attempt: () => editMessage({ actor: ana, conversationId, messageId, body: text(`edit ${++n}`) }),
        written: () => getDb().message.count({ where: { id: messageId, editedAt: { not: null } } }),
      };
    },
  },
  {
    action: "react",
    name: "adding reactions",
    async setUp() {
      const { ben, conversationId, messageId } = await pairWithMessage();
      const emoji = ["👍", "🎉"];
      return {
        attempt: () => addReaction({ actor: ben, conversationId, messageId, emoji: emoji.shift() as string }),
        written: () => getDb().reaction.count({ where: { messageId } }),
      };
    },
  },
  {
    action: "react",
    name: "removing reactions",
    async setUp() {
      const { ben, conversationId, messageId } = await pairWithMessage();
      await getDb().reaction.createMany({
        data: ["👍", "🎉"].map((emoji) => ({ messageId, userId: ben.id, emoji })),
      });
      const emoji = ["👍", "🎉"];
      return {
        attempt: () =>
          removeReaction({ actor: ben, conversationId, messageId, emoji: emoji.shift() as string }),
        // Counted as removals, so "written" grows as it does for the others.
        written: async () => 2 - (await getDb().reaction.count({ where: { messageId } })),
      };
    },
  },
  {
    action: "createConversation",
    name: "opening new direct conversations",
    async setUp() {
      const ana = await createPerson("Ana");
      const others = [await createPerson("Ben"), await createPerson("Cai")];
      return {
        attempt: () =>
          findOrCreateDirectConversation({ actor: ana, otherUserId: (others.shift() as AccountSummary).id }),
        written: () => getDb().conversation.count({ where: { createdById: ana.id } }),
      };
    },
  },
  {
    action: "createConversation",
    name: "creating groups",
    async setUp() {
      const ana = await createPerson("Ana");
      return {
        attempt: () => createGroup({ actor: ana, name: "Again", memberIds: [] }),
        written: () => getDb().conversation.count({ where: { createdById: ana.id } }),
      };
    },
  },
  {
    action: "searchPeople",
    name: "searching for people",
    async setUp() {
      const ana = await createPerson("Ana");
      let searches = 0;
      return {
        attempt: async () => {
          await searchPeople({ actor: ana, query: "ben" });
          searches += 1;
        },
        written: async () => searches,
      };
    },
  },
  {
    action: "upload",
    name: "uploading avatars",
    async setUp() {
      const ana = await createPerson("Ana");
      const { own, files } = await ownStorage();
      const bytes = await png();
      return {
        attempt: () =>
          setAvatar({ storage: own, actor: ana, bytes, crop: { x: 0, y: 0, width: 40, height: 40 } }),
        written: files,
      };
    },
  },
  {
    action: "upload",
    name: "uploading group icons",
    async setUp() {
      const ana = await createPerson("Ana");
      const group = await createGroupUnlimited(ana, []);
      const { own, files } = await ownStorage();
      const bytes = await png();
      return {
        attempt: () => setGroupIcon({ storage: own, actor: ana, conversationId: group, bytes }),
        written: files,
      };
    },
  },
  {
    action: "attach",
    name: "uploading attachments",
    async setUp() {
      const ana = await createPerson("Ana");
      const group = await createGroupUnlimited(ana, []);
      // Each accepted image stores one thumbnail through put (the file itself streams).
      const { own, files } = await ownStorage();
      const bytes = await png();
      return {
        attempt: () =>
          uploadAttachment({
            actor: ana,
            conversationId: group,
            storage: own,
            body: new Response(bytes as BodyInit).body,
            declaredSize: bytes.byteLength,
            name: "photo.png",
          }),
        written: files,
      };
    },
  },
  {
    action: "realtimeAuth",
    name: "authorising channels and connections",
    async setUp() {
      const ana = await createPerson("Ana");
      let signed = 0;
      const attempts = [
        () => authorizeChannel({ actor: ana, socketId: "1.1", channelName: `private-user-${ana.id}` }),
        () => authenticateUser({ actor: ana, socketId: "1.1" }),
      ];
      return {
        attempt: async () => {
          await (attempts.shift() as () => Promise<unknown>)();
          signed += 1;
        },
        written: async () => signed,
      };
    },
  },
  {
    action: "devicePing",
    name: "pinging other devices",
    async setUp() {
      const ana = await createPerson("Ana");
      let pings = 0;
      return {
        attempt: async () => {
          await pingOtherDevices({ actor: ana, socketId: null });
          pings += 1;
        },
        written: async () => pings,
      };
    },
  },
];

describe("action rate limits", () => {
  it("cover every action in the policy table", () => {
    expect(new Set(cases.map((c) => c.action))).toEqual(
      new Set(Object.keys(actionPolicies).filter((action) => action !== "addMembers")),
    );
  });

  it.each(cases)("refuse $name past the budget and write nothing", async ({ action, setUp }) => {
    budgetOfOne();
    const { attempt, written } = await setUp();
    await attempt();
    expect(await written()).toBe(1);
    const error = await refusal(attempt());
    const policy = actionPolicies[action];
    expect(error.code).toBe(policy.code);
    expect(error.status).toBe(429);
    expect(error.retryAfter).toBeGreaterThan(0);
    expect(error.retryAfter).toBeLessThanOrEqual(policy.durationSeconds);
    expect(error.message).toBe(
      `${policy.message} Try again in ${error.retryAfter} ${error.retryAfter === 1 ? "second" : "seconds"}.`,
    );
    expect(await written()).toBe(1);
  });

  it("count the people added to a group, and refuse a group over the budget without creating it", async () => {
    setActionLimitsForTests({
      store: databaseStore(database),
      prefix: uniquePrefix("members"),
      scale: 4 / actionPolicies.addMembers.points,
    });
    expect(effectiveActionPolicy("addMembers").points).toBe(4);
    const ana = await createPerson("Ana");
    const people = await Promise.all(Array.from({ length: 3 }, (_, i) => createPerson(`P${i}`)));
    const ids = people.map((p) => p.id);
    await createGroup({ actor: ana, name: "Three", memberIds: ids });
    const error = await refusal(createGroup({ actor: ana, name: "Two more", memberIds: ids.slice(0, 2) }));
    expect(error.code).toBe("rate_limited:add_members");
    expect(await getDb().conversation.count({ where: { createdById: ana.id } })).toBe(1);
  });

  it.each([
    ["the database", () => databaseStore(database)],
    ["Redis", () => redis],
  ])("allow the real send budget and refuse the next send, on %s", async (_name, store) => {
    setActionLimitsForTests({ store: store(), prefix: uniquePrefix("send") });
    const { ana, conversationId } = await pairWithMessage();
    const { points } = actionPolicies.send;
    for (let i = 0; i < points; i++) {
      await sendMessage({ actor: ana, conversationId, body: text(`burst ${i}`), clientNonce: nonce() });
    }
    const error = await refusal(
      sendMessage({ actor: ana, conversationId, body: text("one too many"), clientNonce: nonce() }),
    );
    expect(error.code).toBe("rate_limited:send");
    expect(error.message).toMatch(/^You're sending messages too fast\. Try again in \d+ seconds?\.$/);
    expect(await getDb().message.count({ where: { conversationId, authorId: ana.id } })).toBe(points + 1);
  });
});
