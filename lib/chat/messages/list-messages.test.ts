import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountSummary } from "@/lib/accounts/types";
import { createGroup } from "@/lib/chat/conversations/conversations";
import { createPerson } from "@/lib/chat/testing/fixtures";
import { getDb } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { startTestRealtime, type TestRealtime } from "@/tests/support/chat-realtime";
import { refusal } from "@/tests/support/refusal";
import { listMessages } from "./list-messages";

let database: TestDatabase;
let realtime: TestRealtime;
let ana: AccountSummary;
let outsider: AccountSummary;
let groupId: string;
/** Every message id in history order: (createdAt, id). */
let ordered: string[];

// 23 messages where runs share one timestamp, so page boundaries fall inside ties.
const TIMESTAMPS = [0, 0, 0, 0, 0, 1, 1, 1, 2, 3, 3, 3, 3, 3, 3, 3, 4, 5, 5, 5, 5, 6, 6];

beforeAll(async () => {
  database = await createTestDatabase();
  realtime = await startTestRealtime();
  [ana, outsider] = [await createPerson("Ana"), await createPerson("Out")];
  groupId = (await createGroup({ actor: ana, name: "History", memberIds: [] })).id;
  const base = Date.parse("2026-01-01T00:00:00.000Z");
  await getDb().message.createMany({
    data: TIMESTAMPS.map((offset, index) => ({
      conversationId: groupId,
      authorId: ana.id,
      body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: `m${index}` }] }] },
      plainText: `m${index}`,
      createdAt: new Date(base + offset * 1_000),
    })),
  });
  const rows = await getDb().message.findMany({
    where: { conversationId: groupId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  ordered = rows.map((r) => r.id);
});

afterAll(async () => {
  await realtime?.close();
  await database?.drop();
});

const ids = (page: { messages: { id: string }[] }) => page.messages.map((m) => m.id);

describe("listMessages", () => {
  it("returns the newest page in chronological order", async () => {
    const page = await listMessages({ actor: ana, conversationId: groupId, limit: 4 });
    expect(ids(page)).toEqual(ordered.slice(-4));
    expect(page).toMatchObject({ hasMoreBefore: true, hasMoreAfter: false });
  });

  it.each([1, 2, 3, 4, 7])(
    "walks back with before= in pages of %i: every message once, in order",
    async (limit) => {
      const seen: string[] = [];
      let page = await listMessages({ actor: ana, conversationId: groupId, limit });
      seen.unshift(...ids(page));
      while (page.hasMoreBefore) {
        page = await listMessages({ actor: ana, conversationId: groupId, limit, before: ids(page)[0] });
        expect(page.messages.length).toBeGreaterThan(0);
        seen.unshift(...ids(page));
      }
      expect(seen).toEqual(ordered);
    },
  );

  it.each([1, 3, 5])("walks forward with after= in pages of %i", async (limit) => {
    const first = ordered[0] as string;
    const seen = [first];
    let page = { messages: [{ id: first }], hasMoreAfter: true };
    while (page.hasMoreAfter) {
      page = await listMessages({ actor: ana, conversationId: groupId, limit, after: ids(page).at(-1) });
      seen.push(...ids(page));
    }
    expect(seen).toEqual(ordered);
  });

  it("centres a page around a message, including it", async () => {
    const target = ordered[11] as string;
    const page = await listMessages({ actor: ana, conversationId: groupId, limit: 6, around: target });
    expect(ids(page)).toEqual(ordered.slice(9, 15));
    expect(page).toMatchObject({ hasMoreBefore: true, hasMoreAfter: true });
    const start = await listMessages({ actor: ana, conversationId: groupId, limit: 6, around: ordered[0] });
    expect(ids(start)).toEqual(ordered.slice(0, 6));
    expect(start.hasMoreBefore).toBe(false);
  });

  it("answers 404 to a non-member, and refuses out-of-range or conflicting parameters", async () => {
    expect((await refusal(listMessages({ actor: outsider, conversationId: groupId }))).code).toBe(
      "not_found:conversation",
    );
    for (const query of [{ limit: 0 }, { limit: 101 }, { before: ordered[1], after: ordered[2] }]) {
      const error = await refusal(listMessages({ actor: ana, conversationId: groupId, ...query }));
      expect(error.code).toBe("invalid:query");
    }
    const foreign = await refusal(
      listMessages({ actor: ana, conversationId: groupId, before: "not-a-message" }),
    );
    expect(foreign.code).toBe("not_found:message");
  });
});
