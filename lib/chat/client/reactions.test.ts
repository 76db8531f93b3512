import { describe, expect, it } from "vitest";
import { reactedByLabel, sameReactions, withReaction } from "./reactions";

describe("withReaction", () => {
  const start = [
    { emoji: "👍", userIds: ["a"] },
    { emoji: "🎉", userIds: ["a", "b"] },
  ];

  it("adds a user to an emoji, or a new emoji at the end", () => {
    expect(withReaction(start, { emoji: "👍", userId: "b", isAdded: true })).toEqual([
      { emoji: "👍", userIds: ["a", "b"] },
      { emoji: "🎉", userIds: ["a", "b"] },
    ]);
    expect(withReaction(start, { emoji: "😮", userId: "b", isAdded: true }).at(-1)).toEqual({
      emoji: "😮",
      userIds: ["b"],
    });
  });

  it("removes a user, and the emoji with its last user", () => {
    expect(withReaction(start, { emoji: "🎉", userId: "a", isAdded: false })).toEqual([
      { emoji: "👍", userIds: ["a"] },
      { emoji: "🎉", userIds: ["b"] },
    ]);
    expect(withReaction(start, { emoji: "👍", userId: "a", isAdded: false })).toEqual([
      { emoji: "🎉", userIds: ["a", "b"] },
    ]);
  });

  it("has set semantics: applying a change twice is the same as once, and no-ops keep the array", () => {
    const once = withReaction(start, { emoji: "👍", userId: "b", isAdded: true });
    expect(withReaction(once, { emoji: "👍", userId: "b", isAdded: true })).toBe(once);
    expect(withReaction(start, { emoji: "👍", userId: "a", isAdded: true })).toBe(start);
    expect(withReaction(start, { emoji: "😢", userId: "a", isAdded: false })).toBe(start);
    expect(withReaction(start, { emoji: "👍", userId: "z", isAdded: false })).toBe(start);
  });
});

describe("sameReactions", () => {
  it("compares emoji, users and order", () => {
    const a = [{ emoji: "👍", userIds: ["a", "b"] }];
    expect(sameReactions(a, [{ emoji: "👍", userIds: ["a", "b"] }])).toBe(true);
    expect(sameReactions(a, [{ emoji: "👍", userIds: ["b", "a"] }])).toBe(false);
    expect(sameReactions(a, [{ emoji: "🎉", userIds: ["a", "b"] }])).toBe(false);
    expect(sameReactions(a, [])).toBe(false);
  });
});

describe("reactedByLabel", () => {
  const names: Record<string, string> = { a: "Ana", b: "Ben", c: "Cy" };
  const nameOf = (id: string) => names[id] ?? "Someone";

  it("lists names in reaction order and shortens long lists", () => {
    expect(reactedByLabel(["a", "b"], nameOf)).toBe("Reacted by Ana, Ben");
    expect(reactedByLabel(["a", "b", "c"], nameOf, 2)).toBe("Reacted by Ana, Ben and 1 other");
    expect(reactedByLabel(["a", "b", "c", "x"], nameOf, 2)).toBe("Reacted by Ana, Ben and 2 others");
  });
});
