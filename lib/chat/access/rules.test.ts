import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountSummary } from "@/lib/accounts/types";
import { listConversationsForUser, listSummariesForMembers } from "@/lib/chat/conversations/sidebar";
import { editMessage } from "@/lib/chat/messages/edit-message";
import { listMessages } from "@/lib/chat/messages/list-messages";
import { addReaction } from "@/lib/chat/messages/reactions";
import { markConversationRead } from "@/lib/chat/messages/read-state";
import { sendMessage } from "@/lib/chat/messages/send-message";
import { createPerson, nonce, text } from "@/lib/chat/testing/fixtures";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { authorizeChannel } from "@/lib/realtime/authorize";
import { conversationChannel, conversationPresenceChannel } from "@/lib/realtime/channels";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { startTestRealtime, type TestRealtime } from "@/tests/support/chat-realtime";

// Every rule of rules.ts through every path that enforces it, as a table: a person (Ana) in a
// conversation with Ben, one rule applied to her, then each path tried as her. A path that drops a
// rule — or enforces one it should not — fails its own cell, by name.

let database: TestDatabase;
let realtime: TestRealtime;

beforeAll(async () => {
  database = await createTestDatabase();
  realtime = await startTestRealtime();
});
afterAll(async () => {
  await realtime?.close();
  await database?.drop();
});

interface World {
  ana: AccountSummary;
  ben: AccountSummary;
  conversationId: string;
  /** Ana's own message, sent before the rule applied (to edit). */
  anasMessageId: string;
  /** Ben's message (to react to and to read up to). */
  bensMessageId: string;
  /** The message Ana's sends reply to: in the same conversation unless a rule says otherwise. */
  replyToId: string;
}

const SOCKET = "1234.5678";
const minutes = (n: number) => new Date(Date.now() + n * 60_000);

async function createWorld(kind: "group" | "direct"): Promise<World> {
  const [ana, ben] = [await createPerson("Ana"), await createPerson("Ben")];
  const db = getDb();
  const { id: conversationId } = await db.conversation.create({
    data: {
      kind,
      name: kind === "group" ? "Rules" : null,
      directKey: kind === "direct" ? [ana.id, ben.id].sort().join(":") : null,
      memberships: { create: [{ userId: ana.id }, { userId: ben.id }] },
    },
    select: { id: true },
  });
  const message = (authorId: string, plainText: string) =>
    db.message.create({
      data: {
        conversationId,
        authorId,
        body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: plainText }] }] },
        plainText,
        clientNonce: nonce(),
      },
      select: { id: true },
    });
  const anas = await message(ana.id, "mine");
  const bens = await message(ben.id, "theirs");
  return { ana, ben, conversationId, anasMessageId: anas.id, bensMessageId: bens.id, replyToId: bens.id };
}

/** A rich body mentioning `person`, as the composer sends it. */
function mentioning(person: AccountSummary) {
  return {
    type: "doc" as const,
    content: [
      {
        type: "paragraph" as const,
        content: [
          { type: "text" as const, text: "hi " },
          { type: "mention" as const, attrs: { id: person.id, label: person.username } },
        ],
      },
    ],
  };
}

/** True when the path let Ana through; false when it refused her (an AppError, or left her out). */
type Path = (world: World) => Promise<boolean>;

async function allowed(run: Promise<unknown>): Promise<boolean> {
  try {
    await run;
    return true;
  } catch (error) {
    if (isAppError(error)) return false;
    throw error;
  }
}

const paths = {
  // A plain body: the one-statement send (send-statement.ts).
  send: (w) =>
    allowed(
      sendMessage({
        actor: w.ana,
        conversationId: w.conversationId,
        body: text("hello"),
        clientNonce: nonce(),
        replyToId: w.replyToId,
      }),
    ),
  // A mention sends through the transaction (send-message.ts).
  "send with a mention": (w) =>
    allowed(
      sendMessage({
        actor: w.ana,
        conversationId: w.conversationId,
        body: mentioning(w.ben),
        clientNonce: nonce(),
        replyToId: w.replyToId,
      }),
    ),
  edit: (w) =>
    allowed(
      editMessage({
        actor: w.ana,
        conversationId: w.conversationId,
        messageId: w.anasMessageId,
        body: text("edited"),
      }),
    ),
  react: (w) =>
    allowed(
      addReaction({
        actor: w.ana,
        conversationId: w.conversationId,
        messageId: w.bensMessageId,
        emoji: "👍",
      }),
    ),
  read: (w) =>
    allowed(
      markConversationRead({ actor: w.ana, conversationId: w.conversationId, messageId: w.bensMessageId }),
    ),
  history: (w) => allowed(listMessages({ actor: w.ana, conversationId: w.conversationId })),
  sidebar: async (w) =>
    (await listConversationsForUser({ actor: w.ana })).conversations.some((c) => c.id === w.conversationId),
  "channel auth": (w) =>
    allowed(
      authorizeChannel({
        actor: w.ana,
        socketId: SOCKET,
        channelName: conversationChannel(w.conversationId),
      }),
    ),
  "presence channel auth": (w) =>
    allowed(
      authorizeChannel({
        actor: w.ana,
        socketId: SOCKET,
        channelName: conversationPresenceChannel(w.conversationId),
      }),
    ),
  // The sidebar rows pushed to each member after every send, edit and delete.
  "fan-out": async (w) =>
    (await listSummariesForMembers({ conversationId: w.conversationId })).some(
      (row) => row.userId === w.ana.id,
    ),
  // Ben mentions Ana: only members may be mentioned.
  "mention target": (w) =>
    allowed(
      sendMessage({
        actor: w.ben,
        conversationId: w.conversationId,
        body: mentioning(w.ana),
        clientNonce: nonce(),
      }),
    ),
} satisfies Record<string, Path>;

type PathName = keyof typeof paths;
const ALL = Object.keys(paths) as PathName[];
const WRITING: PathName[] = ["send", "send with a mention", "edit"];
const SENDING: PathName[] = ["send", "send with a mention"];

interface Rule {
  name: string;
  kind: "group" | "direct";
  apply: (world: World) => Promise<unknown>;
  refusedOn: PathName[];
  /** Paths the rule says nothing about here (Ben cannot send at all across a block). */
  notApplicable?: PathName[];
}

const db = () => getDb();
const ana = (w: World) => ({ conversationId: w.conversationId, userId: w.ana.id });

const rules: Rule[] = [
  { name: "an active member", kind: "group", apply: async () => {}, refusedOn: [] },
  { name: "an active member of a direct conversation", kind: "direct", apply: async () => {}, refusedOn: [] },
  {
    name: "not a member",
    kind: "group",
    apply: (w) => db().membership.deleteMany({ where: ana(w) }),
    refusedOn: ALL,
  },
  {
    name: "banned for good",
    kind: "group",
    apply: (w) => db().ban.create({ data: ana(w) }),
    refusedOn: ALL,
  },
  {
    name: "banned until later",
    kind: "group",
    apply: (w) => db().ban.create({ data: { ...ana(w), until: minutes(60) } }),
    refusedOn: ALL,
  },
  {
    name: "a ban that has ended",
    kind: "group",
    apply: (w) => db().ban.create({ data: { ...ana(w), until: minutes(-1) } }),
    refusedOn: [],
  },
  {
    name: "a deleted account",
    kind: "group",
    apply: (w) => db().user.update({ where: { id: w.ana.id }, data: { deletedAt: new Date() } }),
    refusedOn: ALL,
  },
  {
    name: "muted",
    kind: "group",
    apply: (w) => db().membership.updateMany({ where: ana(w), data: { mutedUntil: minutes(60) } }),
    refusedOn: WRITING,
  },
  {
    name: "a mute that has ended",
    kind: "group",
    apply: (w) => db().membership.updateMany({ where: ana(w), data: { mutedUntil: minutes(-1) } }),
    refusedOn: [],
  },
  {
    name: "blocking the other person of a direct conversation",
    kind: "direct",
    apply: (w) => db().block.create({ data: { blockerId: w.ana.id, blockedId: w.ben.id } }),
    refusedOn: WRITING,
    notApplicable: ["mention target"],
  },
  {
    name: "blocked by the other person of a direct conversation",
    kind: "direct",
    apply: (w) => db().block.create({ data: { blockerId: w.ben.id, blockedId: w.ana.id } }),
    refusedOn: WRITING,
    notApplicable: ["mention target"],
  },
  {
    name: "a block between members of a group",
    kind: "group",
    apply: (w) => db().block.create({ data: { blockerId: w.ben.id, blockedId: w.ana.id } }),
    refusedOn: [],
  },
  {
    name: "replying to a message of another conversation",
    kind: "group",
    apply: async (w) => {
      w.replyToId = (await createWorld("group")).bensMessageId;
    },
    refusedOn: SENDING,
  },
];

function rule(name: string): Rule {
  const found = rules.find((r) => r.name === name);
  if (!found) throw new Error(`no rule named ${name}`);
  return found;
}

describe.each(rules)("$name", (rule) => {
  const cells = ALL.filter((path) => !rule.notApplicable?.includes(path)).map((path) => ({
    path,
    expected: rule.refusedOn.includes(path) ? "refused" : "allowed",
  }));
  it.each(cells)("$path: $expected", async ({ path, expected }) => {
    const world = await createWorld(rule.kind);
    await rule.apply(world);
    const outcome = (await paths[path](world)) ? "allowed" : "refused";
    expect(outcome).toBe(expected);
  });
});

describe("the refusals name the rule, the same on both send paths and the edit", () => {
  const codeOf = async (run: Promise<unknown>) =>
    run.then(
      () => "allowed",
      (error: unknown) => (isAppError(error) ? error.code : Promise.reject(error)),
    );
  it.each([
    ["muted", "forbidden:muted"],
    ["blocking the other person of a direct conversation", "forbidden:blocked"],
    ["blocked by the other person of a direct conversation", "forbidden:blocked"],
    ["not a member", "not_found:conversation"],
    ["banned until later", "not_found:conversation"],
  ] as const)("%s: %s", async (name, code) => {
    const { kind, apply } = rule(name);
    const world = await createWorld(kind);
    await apply(world);
    const attempts = [
      () =>
        sendMessage({
          actor: world.ana,
          conversationId: world.conversationId,
          body: text("x"),
          clientNonce: nonce(),
        }),
      () =>
        sendMessage({
          actor: world.ana,
          conversationId: world.conversationId,
          body: mentioning(world.ben),
          clientNonce: nonce(),
        }),
      () =>
        editMessage({
          actor: world.ana,
          conversationId: world.conversationId,
          messageId: world.anasMessageId,
          body: text("y"),
        }),
    ];
    for (const attempt of attempts) expect(await codeOf(attempt())).toBe(code);
    // Nothing was written.
    const { plainText } = await getDb().message.findUniqueOrThrow({
      where: { id: world.anasMessageId },
      select: { plainText: true },
    });
    expect(plainText).toBe("mine");
  });

  it("tells the person who blocked how to undo it, and the other nothing about it", async () => {
    const blocking = await createWorld("direct");
    await rule("blocking the other person of a direct conversation").apply(blocking);
    const blocked = await createWorld("direct");
    await rule("blocked by the other person of a direct conversation").apply(blocked);
    const messageOf = (w: World) =>
      sendMessage({
        actor: w.ana,
        conversationId: w.conversationId,
        body: text("x"),
        clientNonce: nonce(),
      }).then(
        () => "",
        (error: Error) => error.message,
      );
    expect(await messageOf(blocking)).toMatch(/Unblock them/);
    expect(await messageOf(blocked)).toBe("You can't send messages to this person.");
  });
});

describe("a banned member over the realtime server", () => {
  it("is left out of the sidebar rows a send pushes", async () => {
    const world = await createWorld("group");
    const cat = await createPerson("Cat");
    await getDb().membership.create({ data: { conversationId: world.conversationId, userId: cat.id } });
    await getDb().ban.create({ data: ana(world) });
    const received = new Map<string, string[]>();
    for (const person of [world.ana, cat]) {
      const { client } = await realtime.connect(person);
      const channel = client.subscribe(`private-user-${person.id}`);
      await new Promise<void>((resolve) => channel.bind("pusher:subscription_succeeded", () => resolve()));
      received.set(person.id, []);
      channel.bind("conversation.updated", (summary: { id: string }) =>
        received.get(person.id)?.push(summary.id),
      );
    }
    await sendMessage({
      actor: world.ben,
      conversationId: world.conversationId,
      body: text("after the ban"),
      clientNonce: nonce(),
    });
    const deadline = Date.now() + 5_000;
    while ((received.get(cat.id)?.length ?? 0) === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(received.get(cat.id)).toEqual([world.conversationId]);
    // Anything for Ana would have arrived with Cat's (one batch request).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.get(world.ana.id)).toEqual([]);
  });
});
