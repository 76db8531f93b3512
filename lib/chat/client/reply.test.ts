import { describe, expect, it } from "vitest";
import type { MessageDto } from "@/lib/chat/dto";
import { replyTargetOf } from "./reply";

function message(extra: Partial<MessageDto>): MessageDto {
  return {
    id: "m1",
    conversationId: "c1",
    author: { id: "u1", username: "ana", displayName: "Ana", avatar: null },
    body: { type: "doc", content: [] },
    plainText: "hello",
    replyTo: null,
    createdAt: "2026-01-01T00:00:00.000Z",
    editedAt: null,
    deletedAt: null,
    clientNonce: null,
    reactions: [],
    attachments: [],
    ...extra,
  };
}

describe("replyTargetOf", () => {
  it("quotes the author and the text, on one line", () => {
    expect(replyTargetOf(message({ plainText: "  see you\n\nat  noon " }))).toEqual({
      id: "m1",
      authorDisplayName: "Ana",
      excerpt: "see you at noon",
      isDeleted: false,
    });
  });

  it("cuts long text by characters, never inside an emoji", () => {
    const excerpt = replyTargetOf(message({ plainText: "🙂".repeat(200) })).excerpt;
    expect([...excerpt]).toHaveLength(141);
    expect(excerpt.endsWith("🙂…")).toBe(true);
  });

  it("has no author name for a deleted account", () => {
    expect(replyTargetOf(message({ author: null })).authorDisplayName).toBeNull();
  });
});
