import { describe, expect, it } from "vitest";
import { countEmojiOnly, isEmojiGrapheme, isLargeEmojiMessage } from "./emoji-only";

describe("countEmojiOnly", () => {
  it("counts graphemes, not code points", () => {
    expect(countEmojiOnly("👍")).toBe(1);
    expect(countEmojiOnly("👨‍👩‍👧")).toBe(1);
    expect(countEmojiOnly("🇫🇷")).toBe(1);
    expect(countEmojiOnly("👍🏽")).toBe(1);
    expect(countEmojiOnly("❤️")).toBe(1);
    expect(countEmojiOnly("1️⃣")).toBe(1);
    expect(countEmojiOnly("🏴󠁧󠁢󠁳󠁣󠁴󠁿")).toBe(1);
    expect(countEmojiOnly("😂😂😂")).toBe(3);
  });

  it("ignores whitespace between and around emoji", () => {
    expect(countEmojiOnly("  🎉 🎉\n🎉 ")).toBe(3);
  });

  it("is 0 as soon as anything else appears", () => {
    expect(countEmojiOnly("ok 👍")).toBe(0);
    expect(countEmojiOnly("👍!")).toBe(0);
    expect(countEmojiOnly("123")).toBe(0);
    expect(countEmojiOnly("#")).toBe(0);
    expect(countEmojiOnly("")).toBe(0);
  });

  it("treats text-style pictographs as text unless asked to be emoji", () => {
    expect(isEmojiGrapheme("©")).toBe(false);
    expect(isEmojiGrapheme("™")).toBe(false);
    expect(isEmojiGrapheme("©️")).toBe(true);
    expect(isEmojiGrapheme("☺")).toBe(false);
    expect(isEmojiGrapheme("☺️")).toBe(true);
  });
});

describe("isLargeEmojiMessage", () => {
  it("is true for one to three emoji only", () => {
    expect(isLargeEmojiMessage("🎉")).toBe(true);
    expect(isLargeEmojiMessage("🎉🎉🎉")).toBe(true);
    expect(isLargeEmojiMessage("🎉🎉🎉🎉")).toBe(false);
    expect(isLargeEmojiMessage("   ")).toBe(false);
    expect(isLargeEmojiMessage("yay 🎉")).toBe(false);
  });
});
