import { describe, expect, it } from "vitest";
import type { MessageDto } from "@/lib/chat/dto";
import { mergeMessages } from "./merge";

const t = "2026-01-01T00:00:00.000Z";

function message(extra: Partial<MessageDto> = {}): MessageDto {
  return {
    id: "m1",
    conversationId: "c1",
    author: null,
    body: { type: "doc", content: [] },
    plainText: "hi",
    replyTo: null,
    createdAt: t,
    editedAt: null,
    deletedAt: null,
    clientNonce: null,
    reactions: [],
    attachments: [],
    ...extra,
  };
}

describe("mergeMessages and reactions", () => {
  it("takes the reactions of a fresh copy of the same version (a refetched page)", () => {
    const held = [message({ reactions: [{ emoji: "👍", userIds: ["a"] }] })];
    const fetched = message({
      reactions: [
        { emoji: "👍", userIds: ["a", "b"] },
        { emoji: "🎉", userIds: ["b"] },
      ],
    });
    expect(mergeMessages(held, [fetched])[0]?.reactions).toEqual(fetched.reactions);
  });

  it("keeps the held copy's other fields, such as the author's nonce", () => {
    const held = [message({ clientNonce: "n1" })];
    const merged = mergeMessages(held, [message({ reactions: [{ emoji: "👍", userIds: ["a"] }] })]);
    expect(merged[0]?.clientNonce).toBe("n1");
  });

  it("ignores the reactions of an older version", () => {
    const edited = message({
      editedAt: "2026-01-01T00:05:00.000Z",
      reactions: [{ emoji: "👍", userIds: ["a"] }],
    });
    expect(mergeMessages([edited], [message()])[0]).toBe(edited);
  });

  it("returns the same list when nothing changes, so nothing re-renders", () => {
    const held = [message({ reactions: [{ emoji: "👍", userIds: ["a"] }] })];
    expect(mergeMessages(held, [message({ reactions: [{ emoji: "👍", userIds: ["a"] }] })])).toBe(held);
  });
});
