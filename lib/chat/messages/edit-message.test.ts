import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountSummary } from "@/lib/accounts/types";
import { createGroup } from "@/lib/chat/conversations/conversations";
import { createPerson, nonce, text } from "@/lib/chat/testing/fixtures";
import { getDb } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { startTestRealtime, type TestRealtime } from "@/tests/support/chat-realtime";
import { refusal } from "@/tests/support/refusal";
import { deleteMessage, editMessage } from "./edit-message";
import { sendMessage } from "./send-message";

let database: TestDatabase;
let realtime: TestRealtime;
let ana: AccountSummary;
let ben: AccountSummary;
let outsider: AccountSummary;
let groupId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  realtime = await startTestRealtime();
  [ana, ben, outsider] = [await createPerson("Ana"), await createPerson("Ben"), await createPerson("Out")];
  groupId = (await createGroup({ actor: ana, name: "Team", memberIds: [ben.id] })).id;
});

afterAll(async () => {
  await realtime?.close();
  await database?.drop();
});

const send = (actor: AccountSummary, value: string) =>
  sendMessage({ actor, conversationId: groupId, body: text(value), clientNonce: nonce() });
const stored = (id: string) => getDb().message.findUniqueOrThrow({ where: { id } });

describe("editMessage", () => {
  it("replaces the author's own text and marks it edited", async () => {
    const sent = await send(ana, "teh typo");
    const edited = await editMessage({
      actor: ana,
      conversationId: groupId,
      messageId: sent.id,
      body: text("the typo"),
    });
    expect(edited.plainText).toBe("the typo");
    expect(edited.editedAt).not.toBeNull();
    expect((await stored(sent.id)).plainText).toBe("the typo");
  });

  it("refuses someone else's message (403), a non-member (404) and bad bodies, changing nothing", async () => {
    const sent = await send(ana, "mine");
    const byBen = await refusal(
      editMessage({ actor: ben, conversationId: groupId, messageId: sent.id, body: text("hacked") }),
    );
    expect(byBen.code).toBe("forbidden:message");
    const byOutsider = await refusal(
      editMessage({ actor: outsider, conversationId: groupId, messageId: sent.id, body: text("hacked") }),
    );
    expect(byOutsider.code).toBe("not_found:conversation");
    const empty = await refusal(
      editMessage({ actor: ana, conversationId: groupId, messageId: sent.id, body: text(" ") }),
    );
    expect(empty.code).toBe("invalid:body");
    const missing = await refusal(
      editMessage({ actor: ana, conversationId: groupId, messageId: "nope", body: text("x") }),
    );
    expect(missing.code).toBe("not_found:message");
    const row = await stored(sent.id);
    expect(row.plainText).toBe("mine");
    expect(row.editedAt).toBeNull();
  });
});

describe("deleteMessage", () => {
  it("leaves a placeholder: body cleared, deletedAt set, the row kept", async () => {
    const sent = await send(ben, `secret for @${ana.username}`);
    const deleted = await deleteMessage({ actor: ben, conversationId: groupId, messageId: sent.id });
    expect(deleted).toMatchObject({ id: sent.id, plainText: "", body: { type: "doc", content: [] } });
    expect(deleted.deletedAt).not.toBeNull();
    expect(await getDb().mention.count({ where: { messageId: sent.id } })).toBe(0);
    const edit = await refusal(
      editMessage({ actor: ben, conversationId: groupId, messageId: sent.id, body: text("x") }),
    );
    expect(edit.code).toBe("conflict:message_deleted");
  });

  it("refuses deleting someone else's message and leaves it intact", async () => {
    const sent = await send(ana, "keep me");
    const error = await refusal(deleteMessage({ actor: ben, conversationId: groupId, messageId: sent.id }));
    expect(error.code).toBe("forbidden:message");
    expect(error.status).toBe(403);
    expect((await stored(sent.id)).deletedAt).toBeNull();
  });

  it("shows a deleted reply target as deleted in the quoting message", async () => {
    const original = await send(ana, "to be removed");
    await deleteMessage({ actor: ana, conversationId: groupId, messageId: original.id });
    const reply = await sendMessage({
      actor: ben,
      conversationId: groupId,
      body: text("replying anyway"),
      clientNonce: nonce(),
      replyToId: original.id,
    });
    expect(reply.replyTo).toEqual({
      id: original.id,
      authorDisplayName: ana.displayName,
      excerpt: "",
      isDeleted: true,
    });
  });
});
