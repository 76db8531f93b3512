import { describe, expect, it } from "vitest";
import { mentionItems } from "./mention-items";

const members = [
  { id: "u-ana", username: "ana", displayName: "Ana Lima" },
  { id: "u-ben", username: "ben_k", displayName: "Ben Kowalski" },
  { id: "u-bea", username: "trixie", displayName: "Beatrix Ode" },
  { id: "u-cai", username: "cai", displayName: "Cai Benson" },
];

const keys = (query: string, canMentionEveryone = false) =>
  mentionItems({ query, members, viewerId: "u-ana", canMentionEveryone }).map((item) => item.key);

describe("mentionItems", () => {
  it("leaves the viewer out and ranks username prefixes before display-name matches", () => {
    expect(keys("")).toEqual(["u-bea", "u-ben", "u-cai"]);
    expect(keys("be")).toEqual(["u-ben", "u-bea", "u-cai"]);
    expect(keys("ana")).toEqual([]);
    expect(keys("kow")).toEqual(["u-ben"]);
  });

  it("offers @everyone only to those who may use it", () => {
    expect(keys("ev")).toEqual([]);
    expect(keys("ev", true)).toEqual(["everyone"]);
    expect(keys("", true).at(-1)).toBe("everyone");
  });

  it("shows the display name and the username", () => {
    const [ben] = mentionItems({ query: "ben_", members, viewerId: "u-ana", canMentionEveryone: false });
    expect(ben).toMatchObject({ label: "Ben Kowalski", detail: "@ben_k", leading: "B" });
  });
});
