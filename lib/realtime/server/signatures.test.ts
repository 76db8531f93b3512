import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { channelKind, isValidChannelName } from "./channel-names";
import { createSocketId, safeEqual, verifyChannelAuth, verifyUserAuth } from "./signatures";

const sign = (payload: string) => `key:${createHmac("sha256", "secret").update(payload).digest("hex")}`;

describe("signatures", () => {
  it("verifies channel auth over socket_id:channel[:channel_data]", () => {
    const base = { key: "key", secret: "secret", socketId: "1.2", channel: "private-a" };
    expect(verifyChannelAuth({ ...base, auth: sign("1.2:private-a") })).toBe(true);
    expect(verifyChannelAuth({ ...base, auth: sign("1.3:private-a") })).toBe(false);
    expect(verifyChannelAuth({ ...base, auth: 42 })).toBe(false);
    const channelData = '{"user_id":"u"}';
    const presence = { ...base, channel: "presence-a", channelData };
    expect(verifyChannelAuth({ ...presence, auth: sign(`1.2:presence-a:${channelData}`) })).toBe(true);
    expect(verifyChannelAuth({ ...presence, auth: sign("1.2:presence-a") })).toBe(false);
  });

  it("verifies user auth over socket_id::user::user_data", () => {
    const base = { key: "key", secret: "secret", socketId: "1.2", userData: '{"id":"u"}' };
    expect(verifyUserAuth({ ...base, auth: sign('1.2::user::{"id":"u"}') })).toBe(true);
    expect(verifyUserAuth({ ...base, auth: sign('1.2:user:{"id":"u"}') })).toBe(false);
  });

  it("compares safely across lengths", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });

  it("creates distinct socket ids of the form digits.digits", () => {
    const ids = Array.from({ length: 1_000 }, createSocketId);
    for (const id of ids) expect(id).toMatch(/^\d+\.\d+$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("channel names", () => {
  it("anchors type prefixes at the start", () => {
    expect(channelKind("private-a")).toMatchObject({ access: "private", isEncrypted: false });
    expect(channelKind("private-encrypted-a")).toMatchObject({ access: "private", isEncrypted: true });
    expect(channelKind("presence-cache-a")).toMatchObject({ access: "presence", isCache: true });
    expect(channelKind("x-private-a")).toMatchObject({ access: "public", isCache: false });
    expect(channelKind("x-cache-a").isCache).toBe(false);
    expect(channelKind("#server-to-user-42").serverToUserId).toBe("42");
  });

  it("validates characters, length and the reserved # prefix", () => {
    expect(isValidChannelName("a-Z_0=@,.;", 200)).toBe(true);
    expect(isValidChannelName("a b", 200)).toBe(false);
    expect(isValidChannelName("#other", 200)).toBe(false);
    expect(isValidChannelName("#server-to-user-u1", 200)).toBe(true);
    expect(isValidChannelName("x".repeat(201), 200)).toBe(false);
    expect(isValidChannelName("", 200)).toBe(false);
  });
});
