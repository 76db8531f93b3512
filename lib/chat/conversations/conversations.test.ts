import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountSummary } from "@/lib/accounts/types";
import { isMember } from "@/lib/chat/access/membership";
import { createPerson } from "@/lib/chat/testing/fixtures";
import { getDb } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { startTestRealtime, type TestRealtime } from "@/tests/support/chat-realtime";
import { refusal } from "@/tests/support/refusal";
import { createGroup, findOrCreateDirectConversation, getConversationForMember } from "./conversations";
import { searchPeople } from "./people";

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

describe("findOrCreateDirectConversation", () => {
  it("creates one conversation per pair, whoever starts it and however many times at once", async () => {
    const results = await Promise.all([
      ...Array.from({ length: 4 }, () => findOrCreateDirectConversation({ actor: ana, otherUserId: ben.id })),
      ...Array.from({ length: 4 }, () => findOrCreateDirectConversation({ actor: ben, otherUserId: ana.id })),
    ]);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const id = results[0]?.id as string;
    expect(await getDb().membership.count({ where: { conversationId: id } })).toBe(2);
    const view = await getConversationForMember({ actor: ana, conversationId: id });
    expect(view).toMatchObject({ kind: "direct", name: ben.displayName });
  });

  it("refuses yourself, unknown and deleted people", async () => {
    const gone = await createPerson("Gone", { deletedAt: new Date() });
    expect((await refusal(findOrCreateDirectConversation({ actor: ana, otherUserId: ana.id }))).code).toBe(
      "invalid:user",
    );
    for (const otherUserId of ["nobody", gone.id]) {
      expect((await refusal(findOrCreateDirectConversation({ actor: ana, otherUserId }))).code).toBe(
        "not_found:user",
      );
    }
  });
});

describe("createGroup", () => {
  it("makes the creator owner and adds the members once each", async () => {
    const group = await createGroup({
      actor: ana,
      name: "  Trip  ",
      memberIds: [ben.id, cat.id, ben.id, ana.id],
    });
    const view = await getConversationForMember({ actor: cat, conversationId: group.id });
    expect(view.name).toBe("Trip");
    expect(view.members.map((m) => [m.id, m.role])).toEqual([
      [ana.id, "owner"],
      [ben.id, "member"],
      [cat.id, "member"],
    ]);
  });

  it("refuses unknown or deleted members, and a missing name, creating nothing", async () => {
    const gone = await createPerson("Gone", { deletedAt: new Date() });
    const before = await getDb().conversation.count();
    for (const memberIds of [["nobody"], [gone.id]]) {
      expect((await refusal(createGroup({ actor: ana, name: "X", memberIds }))).code).toBe("invalid:members");
    }
    expect((await refusal(createGroup({ actor: ana, name: "  ", memberIds: [] }))).code).toBe(
      "invalid:group",
    );
    expect(await getDb().conversation.count()).toBe(before);
  });
});

describe("getConversationForMember / isMember", () => {
  it("answers not_found for non-members exactly as for missing conversations", async () => {
    const group = await createGroup({ actor: ana, name: "Private", memberIds: [ben.id] });
    const hidden = await refusal(getConversationForMember({ actor: cat, conversationId: group.id }));
    const missing = await refusal(getConversationForMember({ actor: cat, conversationId: "missing" }));
    expect([hidden.code, hidden.message]).toEqual([missing.code, missing.message]);
    expect(hidden.status).toBe(404);
    expect(await isMember({ userId: ben.id, conversationId: group.id })).toBe(true);
    expect(await isMember({ userId: cat.id, conversationId: group.id })).toBe(false);
  });
});

describe("searchPeople", () => {
  it("finds by @username or display name, ranks the exact username first, excludes self and deleted", async () => {
    const zed = await createPerson("Zed");
    const zedFan = await createPerson("Zedfan");
    await createPerson("Zedgone", { deletedAt: new Date() });
    const byUsername = await searchPeople({ actor: ana, query: `@${zed.username}` });
    expect(byUsername[0]?.id).toBe(zed.id);
    const byName = await searchPeople({ actor: ana, query: "zed" });
    expect(byName.map((p) => p.id).sort()).toEqual([zed.id, zedFan.id].sort());
    expect(await searchPeople({ actor: zed, query: zed.username })).not.toContainEqual(
      expect.objectContaining({ id: zed.id }),
    );
    expect(await searchPeople({ actor: ana, query: "%" })).toEqual([]);
    expect((await refusal(searchPeople({ actor: ana, query: "  @ " }))).code).toBe("invalid:query");
  });
});
