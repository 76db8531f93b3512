import { describe, expect, it } from "vitest";
import { canonicalEmoji } from "./emoji";

describe("canonicalEmoji", () => {
  it.each([
    ["thumbs up", "👍"],
    ["skin tone", "👍🏽"],
    ["ZWJ family", "👨‍👩‍👧‍👦"],
    ["ZWJ with skin tones", "🧑🏻‍🤝‍🧑🏿"],
    ["flag", "🇫🇷"],
    ["subdivision flag (tag sequence)", "🏴󠁧󠁢󠁳󠁣󠁴󠁿"],
    ["keycap", "#️⃣"],
    ["digit keycap", "1️⃣"],
    ["fully qualified heart", "❤️"],
    ["newer emoji", "🫠"],
  ])("accepts a %s", (_name, emoji) => {
    expect(canonicalEmoji(emoji)).toBe(emoji);
  });

  it("stores an emoji typed without its variation selector in its qualified form", () => {
    expect(canonicalEmoji("❤")).toBe("❤️");
    expect(canonicalEmoji("©")).toBe("©️");
  });

  it.each([
    ["empty", ""],
    ["a letter", "a"],
    ["a digit", "1"],
    ["a word", "like"],
    ["two emoji", "👍👍"],
    ["emoji and text", "👍x"],
    ["HTML", "<img src=x onerror=alert(1)>"],
    ["a lone regional indicator", "🇫"],
    ["a lone ZWJ", "\u200D"],
    ["a keycap without its digit", "\uFE0F\u20E3"],
    ["a space", " "],
    ["a emoji with a trailing space", "👍 "],
    ["over 32 UTF-16 units", "👨‍👩‍👧‍👦".repeat(3)],
  ])("refuses %s", (_name, value) => {
    expect(canonicalEmoji(value)).toBeNull();
  });
});
