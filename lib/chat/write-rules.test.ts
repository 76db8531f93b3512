import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountSummary } from "@/lib/accounts/types";
import { getDb } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { startTestRealtime, type TestRealtime } from "@/tests/support/chat-realtime";
import { refusal } from "@/tests/support/refusal";
import { editMessage } from "./edit-message";
import { sendMessage } from "./send-message";
import { listConversationsForUser, listSummariesForMembers } from "./sidebar";
import { createPerson, nonce, text } from "./testing/fixtures";

// The rules of "who may write" and "who is a member" hold on every path: editing is refused
// where sending is (mute, block), and a banned member drops out of the sidebar and its fan-out.

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

async function conversationWith(kind: "group" | "direct", people: AccountSummary[]) {
  const [first, second] = people as [AccountSummary, AccountSummary];
  const conversation = await getDb().conversation.create({
    data: {
      kind,
      name: kind === "group" ? "Rules" : null,
      directKey: kind === "direct" ? [first.id, second.id].sort().join(":") : null,
      memberships: { create: people.map((p) => ({ userId: p.id })) },
    },
    select: { id: true },
  });
  return conversation.id;
}

const plainTextOf = async (id: string) =>
  (await getDb().message.findUniqueOrThrow({ where: { id }, select: { plainText: true } })).plainText;

describe("editing follows the rules of sending", () => {
  it("refuses a muted member's edit until the mute ends", async () => {
    const [ana, ben] = [await createPerson("Ana"), await createPerson("Ben")];
    const conversationId = await conversationWith("group", [ana, ben]);
    const sent = await sendMessage({
      actor: ben,
      conversationId,
      body: text("before"),
      clientNonce: nonce(),
    });
    await getDb().membership.updateMany({
      where: { conversationId, userId: ben.id },
      data: { mutedUntil: new Date(Date.now() + 60_000) },
    });
    const edit = () => editMessage({ actor: ben, conversationId, messageId: sent.id, body: text("after") });
    const error = await refusal(edit());
    expect(error.code).toBe("forbidden:muted");
    expect(error.status).toBe(403);
    // Sending is refused by the same rule, with the same answer.
    const sendError = await refusal(
      sendMessage({ actor: ben, conversationId, body: text("x"), clientNonce: nonce() }),
    );
    expect(sendError.code).toBe(error.code);
    expect(await plainTextOf(sent.id)).toBe("before");

    await getDb().membership.updateMany({
      where: { conversationId, userId: ben.id },
      data: { mutedUntil: new Date(Date.now() - 1_000) },
    });
    expect((await edit()).plainText).toBe("after");
  });

  it.each([
    ["the author blocked the other person", true],
    ["the other person blocked the author", false],
  ])("refuses an edit in a direct conversation when %s", async (_case, authorBlocks) => {
    const [ana, ben] = [await createPerson("Ana"), await createPerson("Ben")];
    const conversationId = await conversationWith("direct", [ana, ben]);
    const sent = await sendMessage({
      actor: ana,
      conversationId,
      body: text("before"),
      clientNonce: nonce(),
    });
    await getDb().block.create({
      data: authorBlocks
        ? { blockerId: ana.id, blockedId: ben.id }
        : { blockerId: ben.id, blockedId: ana.id },
    });
    const error = await refusal(
      editMessage({ actor: ana, conversationId, messageId: sent.id, body: text("after") }),
    );
    expect(error.code).toBe("forbidden:blocked");
    expect(await plainTextOf(sent.id)).toBe("before");
  });
});

describe("a banned member", () => {
  it("no longer sees the conversation in the sidebar nor gets its rows pushed, until the ban ends", async () => {
    const [ana, ben, cat] = [await createPerson("Ana"), await createPerson("Ben"), await createPerson("Cat")];
    const conversationId = await conversationWith("group", [ana, ben, cat]);
    await sendMessage({ actor: ana, conversationId, body: text("hello all"), clientNonce: nonce() });
    const ban = await getDb().ban.create({ data: { conversationId, userId: ben.id, bannedById: ana.id } });

    const benSidebar = await listConversationsForUser({ actor: ben });
    expect(benSidebar.conversations.map((c) => c.id)).not.toContain(conversationId);
    const catSidebar = await listConversationsForUser({ actor: cat });
    expect(catSidebar.conversations.map((c) => c.id)).toContain(conversationId);
    // The fan-out after every send, edit and delete pushes these rows, one per member.
    const pushedTo = (await listSummariesForMembers({ conversationId })).map((row) => row.userId);
    expect(pushedTo.sort()).toEqual([ana.id, cat.id].sort());

    // A ban that has run out no longer counts.
    await getDb().ban.update({ where: { id: ban.id }, data: { until: new Date(Date.now() - 1_000) } });
    expect((await listConversationsForUser({ actor: ben })).conversations.map((c) => c.id)).toContain(
      conversationId,
    );
    expect((await listSummariesForMembers({ conversationId })).map((row) => row.userId)).toContain(ben.id);
  });

  it("is left out of the sidebar rows a send pushes over the realtime server", async () => {
    const [ana, ben, cat] = [await createPerson("Ana"), await createPerson("Ben"), await createPerson("Cat")];
    const conversationId = await conversationWith("group", [ana, ben, cat]);
    await getDb().ban.create({ data: { conversationId, userId: ben.id } });
    const received = new Map<string, string[]>();
    for (const person of [ben, cat]) {
      const { client } = await realtime.connect(person);
      const channel = client.subscribe(`private-user-${person.id}`);
      await new Promise<void>((resolve) => channel.bind("pusher:subscription_succeeded", () => resolve()));
      received.set(person.id, []);
      channel.bind("conversation.updated", (summary: { id: string }) =>
        received.get(person.id)?.push(summary.id),
      );
    }
    await sendMessage({ actor: ana, conversationId, body: text("after the ban"), clientNonce: nonce() });
    const deadline = Date.now() + 5_000;
    while ((received.get(cat.id)?.length ?? 0) === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(received.get(cat.id)).toEqual([conversationId]);
    // Anything for Ben would have arrived with Cat's (one batch request).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.get(ben.id)).toEqual([]);
  });
});
