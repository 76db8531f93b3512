import { describe, expect, it } from "vitest";
import type { MessageDto, ReadMarker } from "@/lib/chat/dto";
import { seenByMessage } from "./seen";

const message = (id: string, authorId: string) =>
  ({ id, author: { id: authorId, username: authorId, displayName: authorId, avatar: null } }) as MessageDto;
const marker = (userId: string, messageId: string): ReadMarker => ({
  conversationId: "c",
  userId,
  messageId,
  readAt: "2026-01-01T00:00:00.000Z",
});

describe("seenByMessage", () => {
  const messages = [message("m1", "me"), message("m2", "me"), message("m3", "ana"), message("m4", "ben")];

  it("lists each reader once, under the newest message they read that someone else wrote", () => {
    const seen = seenByMessage(
      messages,
      [marker("cai", "m2"), marker("dan", "m2"), marker("ana", "m3"), marker("ben", "m4")],
      "me",
    );
    // Ana's marker is on her own message: she is listed under the one before it.
    expect(Object.fromEntries(seen)).toEqual({ m2: ["cai", "dan", "ana"], m3: ["ben"] });
  });

  it("ignores the viewer's own marker and markers on messages not loaded", () => {
    expect(seenByMessage(messages, [marker("me", "m4"), marker("eve", "gone")], "me").size).toBe(0);
  });
});
