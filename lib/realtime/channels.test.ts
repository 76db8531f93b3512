import { describe, expect, it } from "vitest";
import { conversationChannel, conversationPresenceChannel, parseChannel, userChannel } from "./channels";

describe("channel names", () => {
  it("builds private and presence names", () => {
    expect(userChannel("u1")).toBe("private-user-u1");
    expect(conversationChannel("c_9")).toBe("private-conversation-c_9");
    expect(conversationPresenceChannel("c-9")).toBe("presence-conversation-c-9");
  });

  it("refuses ids that could smuggle another channel name", () => {
    expect(() => userChannel("a,b")).toThrow();
    expect(() => userChannel("")).toThrow();
    expect(() => conversationChannel("x;y")).toThrow();
  });

  it("parses names back, anchored at both ends", () => {
    expect(parseChannel("private-user-u1")).toEqual({ kind: "user", userId: "u1" });
    expect(parseChannel("private-conversation-c1")).toEqual({ kind: "conversation", conversationId: "c1" });
    expect(parseChannel("presence-conversation-c1")).toEqual({
      kind: "conversation-presence",
      conversationId: "c1",
    });
    expect(parseChannel("xprivate-user-u1")).toEqual({ kind: "unknown" });
    expect(parseChannel("private-user-u1.extra")).toEqual({ kind: "unknown" });
    expect(parseChannel("private-encrypted-user-u1")).toEqual({ kind: "unknown" });
  });
});
