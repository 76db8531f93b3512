import { describe, expect, it } from "vitest";
import type { MessageDto, ReadMarker } from "@/lib/chat/dto";
import { seenByMessage } from "./seen";

const message = (id: string) => ({ id }) as MessageDto;
const marker = (userId: string, messageId: string): ReadMarker => ({
  conversationId: "c",
  userId,
  messageId,
  readAt: "2026-01-01T00:00:00.000Z",
});

describe("seenByMessage", () => {
  it("groups other members' markers under the message they point at", () => {
    const seen = seenByMessage(
      [message("m1"), message("m2")],
      [
        marker("ana", "m2"),
        marker("ben", "m2"),
        marker("cai", "m1"),
        marker("me", "m2"),
        marker("dan", "gone"),
      ],
      "me",
    );
    expect(Object.fromEntries(seen)).toEqual({ m2: ["ana", "ben"], m1: ["cai"] });
  });
});
