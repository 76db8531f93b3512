import { describe, expect, it } from "vitest";
import { describeTypists } from "./typing";

describe("describeTypists", () => {
  it("names one or two typists and summarises more", () => {
    expect(describeTypists([])).toBeNull();
    expect(describeTypists([{ displayName: "Ana" }])).toBe("Ana is typing…");
    expect(describeTypists([{ displayName: "Ana" }, { displayName: "Ben" }])).toBe("Ana and Ben are typing…");
    expect(describeTypists([{ displayName: "Ana" }, { displayName: "Ben" }, { displayName: "Cai" }])).toBe(
      "Several people are typing…",
    );
  });
});
