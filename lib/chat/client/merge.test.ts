import { describe, expect, it } from "vitest";
import type { MessageDto } from "@/lib/chat/dto";
import { advanceCursor, mergeDelivered, mergeIntoWindow, mergeMessages, refreshQuotes } from "./merge";

function message(id: string, createdAt: string, extra: Partial<MessageDto> = {}): MessageDto {
  return {
    id,
    conversationId: "c1",
    author: null,
    body: { type: "doc", content: [] },
    plainText: id,
    replyTo: null,
    createdAt,
    editedAt: null,
    deletedAt: null,
    clientNonce: null,
    reactions: [],
    attachments: [],
    ...extra,
  };
}

describe("mergeMessages", () => {
  it("keeps one copy per id, in chronological order with id tie-breaks", () => {
    const t = "2026-01-01T00:00:00.000Z";
    const merged = mergeMessages(
      [message("b", t), message("a", "2025-12-31T00:00:00.000Z")],
      [message("b", t), message("c", t)],
    );
    expect(merged.map((m) => m.id)).toEqual(["a", "b", "c"]);
  });

  it("lets an edit or a delete replace the older copy, never the reverse", () => {
    const t = "2026-01-01T00:00:00.000Z";
    const edited = message("a", t, { plainText: "new", editedAt: "2026-01-01T00:01:00.000Z" });
    expect(mergeMessages([message("a", t)], [edited])[0]?.plainText).toBe("new");
    expect(mergeMessages([edited], [message("a", t)])[0]?.plainText).toBe("new");
    const deleted = message("a", t, { plainText: "", deletedAt: "2026-01-01T00:02:00.000Z" });
    expect(mergeMessages([edited], [deleted])[0]?.deletedAt).not.toBeNull();
  });

  it("keeps the author's nonce when a copy without it arrives", () => {
    const t = "2026-01-01T00:00:00.000Z";
    const mine = message("a", t, { clientNonce: "nonce-1234" });
    const merged = mergeMessages([mine], [message("a", t, { editedAt: "2026-01-01T00:03:00.000Z" })]);
    expect(merged[0]?.clientNonce).toBe("nonce-1234");
  });
});

describe("mergeIntoWindow", () => {
  const t = (minute: number) => `2026-01-01T00:${String(minute).padStart(2, "0")}:00.000Z`;
  const window = (hasMoreBefore: boolean, hasMoreAfter: boolean) => ({
    messages: [message("m10", t(10)), message("m11", t(11))],
    hasMoreBefore,
    hasMoreAfter,
  });

  it("adds new messages at the live edge", () => {
    const merged = mergeIntoWindow(window(true, false), [message("m12", t(12))]);
    expect(merged.messages.map((m) => m.id)).toEqual(["m10", "m11", "m12"]);
  });

  it("leaves out messages beyond an edge the window has not reached, keeping it contiguous", () => {
    const merged = mergeIntoWindow(window(true, true), [message("m30", t(30)), message("m01", t(1))]);
    expect(merged.messages.map((m) => m.id)).toEqual(["m10", "m11"]);
  });

  it("still applies edits and deletions of messages it holds", () => {
    const edited = message("m11", t(11), { plainText: "edited", editedAt: t(20) });
    const merged = mergeIntoWindow(window(true, true), [edited]);
    expect(merged.messages[1]?.plainText).toBe("edited");
  });

  it("accepts messages inside the window's span", () => {
    const merged = mergeIntoWindow(window(true, true), [message("m10b", t(10))]);
    expect(merged.messages.map((m) => m.id)).toEqual(["m10", "m10b", "m11"]);
  });

  it("accepts anything when the window is the whole history", () => {
    const merged = mergeIntoWindow(window(false, false), [message("m01", t(1))]);
    expect(merged.messages.map((m) => m.id)).toEqual(["m01", "m10", "m11"]);
  });
});

describe("refreshQuotes", () => {
  const t = (minute: number) => `2026-01-01T00:${String(minute).padStart(2, "0")}:00.000Z`;
  const quote = { id: "m01", authorDisplayName: "Ana", excerpt: "Friday?", isDeleted: false };
  const reply = message("m10", t(10), { replyTo: quote });
  const other = message("m11", t(11));

  it("empties the quote of a deleted original, held or not, and keeps the author's name", () => {
    const deleted = message("m01", t(1), { plainText: "", deletedAt: t(20) });
    const [refreshed, untouched] = refreshQuotes([reply, other], [deleted]);
    expect(refreshed?.replyTo).toEqual({ id: "m01", authorDisplayName: "Ana", excerpt: "", isDeleted: true });
    expect(untouched).toBe(other);
    // Through a window too, though the original lies beyond its edge.
    const merged = mergeIntoWindow({ messages: [reply, other], hasMoreBefore: true, hasMoreAfter: false }, [
      deleted,
    ]);
    expect(merged.messages.map((m) => m.id)).toEqual(["m10", "m11"]);
    expect(merged.messages[0]?.replyTo?.isDeleted).toBe(true);
  });

  it("takes an edited original's new text, and never revives a deleted quote", () => {
    const edited = message("m01", t(1), { plainText: "Saturday\ninstead", editedAt: t(20) });
    const [refreshed] = refreshQuotes([reply], [edited]);
    expect(refreshed?.replyTo?.excerpt).toBe("Saturday instead");
    const gone = message("m10", t(10), { replyTo: { ...quote, excerpt: "", isDeleted: true } });
    expect(refreshQuotes([gone], [edited])[0]).toBe(gone);
  });

  it("returns the same array when nothing it holds quotes a changed message", () => {
    const held = [reply, other];
    expect(refreshQuotes(held, [message("m01", t(1))])).toBe(held);
    expect(refreshQuotes(held, [message("m99", t(1), { editedAt: t(20) })])).toBe(held);
    const window = { messages: held, hasMoreBefore: false, hasMoreAfter: false };
    expect(mergeIntoWindow(window, [message("m99", t(1), { editedAt: t(20) })]).messages).toContain(reply);
  });
});

describe("advanceCursor", () => {
  it("moves to the newest message received, by time then id, and never back", () => {
    const t = "2026-01-01T00:00:00.000Z";
    const later = "2026-01-01T00:00:01.000Z";
    expect(advanceCursor(null, [])).toBeNull();
    expect(advanceCursor(null, [message("b", t), message("a", t)])).toEqual({ id: "b", createdAt: t });
    expect(advanceCursor({ id: "b", createdAt: t }, [message("z", "2025-12-31T00:00:00.000Z")])).toEqual({
      id: "b",
      createdAt: t,
    });
    expect(advanceCursor({ id: "b", createdAt: t }, [message("a", later)])).toEqual({
      id: "a",
      createdAt: later,
    });
  });
});

describe("mergeDelivered", () => {
  const t = (minute: number) => `2026-01-01T00:${String(minute).padStart(2, "0")}:00.000Z`;

  it("moves the cursor past live messages it keeps, and only those", () => {
    const synced = { id: "m11", createdAt: t(11) };
    const atEdge = {
      messages: [message("m11", t(11))],
      hasMoreBefore: true,
      hasMoreAfter: false,
      syncedThrough: synced,
    };
    expect(mergeDelivered(atEdge, [message("m12", t(12))]).syncedThrough).toEqual({
      id: "m12",
      createdAt: t(12),
    });
    const short = { ...atEdge, hasMoreAfter: true };
    const merged = mergeDelivered(short, [message("m30", t(30))]);
    expect(merged.messages.map((m) => m.id)).toEqual(["m11"]);
    expect(merged.syncedThrough).toEqual(synced);
  });

  it("is not moved by the tab's own send, so others' earlier messages are still caught up", () => {
    // Own send responses go through mergeIntoWindow, which leaves syncedThrough alone.
    const window = {
      messages: [message("m11", t(11))],
      hasMoreBefore: false,
      hasMoreAfter: false,
      syncedThrough: { id: "m11", createdAt: t(11) },
    };
    const afterOwnSend = mergeIntoWindow(window, [message("own", t(20))]);
    expect(afterOwnSend.syncedThrough).toEqual({ id: "m11", createdAt: t(11) });
  });
});
