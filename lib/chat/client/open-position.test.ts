import { describe, expect, it } from "vitest";
import type { MessageDto } from "@/lib/chat/dto";
import { firstUnreadId, initialIndex } from "./open-position";

const person = (id: string) => ({ id, username: id, displayName: id, avatar: null });
function message(id: string, authorId: string): MessageDto {
  return {
    id,
    conversationId: "c1",
    author: person(authorId),
    body: { type: "doc", content: [] },
    plainText: id,
    replyTo: null,
    createdAt: "2026-01-01T00:00:00.000Z",
    editedAt: null,
    deletedAt: null,
    clientNonce: null,
    reactions: [],
    attachments: [],
  };
}

describe("firstUnreadId", () => {
  const messages = [message("m1", "ana"), message("m2", "me"), message("m3", "ana"), message("m4", "ben")];

  it("is the first message after the marker written by someone else", () => {
    expect(firstUnreadId(messages, "m1", "me")).toBe("m3");
    expect(firstUnreadId(messages, "m3", "me")).toBe("m4");
  });

  it("is null when everything is read, nothing was ever read, or the marker is not loaded", () => {
    expect(firstUnreadId(messages, "m4", "me")).toBeNull();
    expect(firstUnreadId(messages, null, "me")).toBeNull();
    expect(firstUnreadId(messages, "elsewhere", "me")).toBeNull();
  });
});

describe("initialIndex", () => {
  const ids = ["a", "b", "c", "d"];

  it("centres a linked message", () => {
    expect(initialIndex(ids, { kind: "message", id: "b" }, null)).toEqual({ index: 1, align: "center" });
  });

  it("opens just above the first unread message", () => {
    expect(initialIndex(ids, { kind: "unread" }, "c")).toEqual({ index: 1, align: "start" });
    expect(initialIndex(ids, { kind: "unread" }, "a")).toEqual({ index: 0, align: "start" });
  });

  it("falls back to the newest message", () => {
    expect(initialIndex(ids, { kind: "unread" }, null)).toEqual({ index: 3, align: "end" });
    expect(initialIndex(ids, { kind: "message", id: "zz" }, null)).toEqual({ index: 3, align: "end" });
    expect(initialIndex(ids, { kind: "latest" }, "c")).toEqual({ index: 3, align: "end" });
  });
});
