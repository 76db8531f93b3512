import { describe, expect, it } from "vitest";
import { describeTypists, typistFromEvent } from "./typing";

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

describe("typistFromEvent", () => {
  const members = new Map([
    ["ana", { id: "ana", info: { displayName: "Ana" } }],
    ["ben", { id: "ben", info: { displayName: "Ben" } }],
  ]);
  const list = { get: (id: string) => members.get(id) ?? null };

  it("names the sender the server gave, from the signed member list", () => {
    expect(typistFromEvent({ metadata: { user_id: "ben" }, members: list, viewerId: "ana" })).toEqual({
      userId: "ben",
      displayName: "Ben",
    });
  });

  it("shows nothing without a server-given sender, for the viewer's own devices, or for a stranger", () => {
    for (const metadata of [undefined, {}, { user_id: "" }, { user_id: 7 }, { userId: "ben" }]) {
      expect(typistFromEvent({ metadata, members: list, viewerId: "ana" })).toBeNull();
    }
    expect(typistFromEvent({ metadata: { user_id: "ana" }, members: list, viewerId: "ana" })).toBeNull();
    expect(typistFromEvent({ metadata: { user_id: "mallory" }, members: list, viewerId: "ana" })).toBeNull();
    expect(typistFromEvent({ metadata: { user_id: "ben" }, members: undefined, viewerId: "ana" })).toBeNull();
    const unnamed = { get: () => ({ info: { displayName: "" } }) };
    expect(typistFromEvent({ metadata: { user_id: "ben" }, members: unnamed, viewerId: "ana" })).toBeNull();
  });
});
