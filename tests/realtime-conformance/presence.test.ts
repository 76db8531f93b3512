import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restClient } from "./clients";
import { type Frame, RawClient } from "./raw-client";
import { startTarget, type Target } from "./target";

let target: Target;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(async () => {
  await target?.close();
});

async function join(channel: string, member: { user_id: string; user_info?: unknown }) {
  const { client, socketId } = await RawClient.connect(target);
  const signed = restClient(target).authorizeChannel(socketId, channel, member as { user_id: string });
  const response = await client.subscribe(channel, { auth: signed.auth, channel_data: signed.channel_data });
  return { client, socketId, response };
}

const presenceOf = (frame: Frame) =>
  (
    JSON.parse(frame.data as string) as {
      presence: { ids: string[]; hash: Record<string, unknown>; count: number };
    }
  ).presence;

describe("presence", () => {
  it("P1 subscription_succeeded data is a JSON string of {presence:{ids,hash,count}}", async () => {
    const alice = await join("presence-p1", { user_id: "alice", user_info: { name: "Alice" } });
    const bob = await join("presence-p1", { user_id: "bob", user_info: { name: "Bob" } });
    expect(bob.response.event).toBe("pusher_internal:subscription_succeeded");
    expect(typeof bob.response.data).toBe("string");
    const presence = presenceOf(bob.response);
    expect(presence.count).toBe(2);
    expect([...presence.ids].sort()).toEqual(["alice", "bob"]);
    expect(presence.hash).toEqual({ alice: { name: "Alice" }, bob: { name: "Bob" } });
    alice.client.close();
    bob.client.close();
  });

  it("P2 member_added goes to the other members on a user's first connection only; member_removed on the last", async () => {
    const watcher = await join("presence-p2", { user_id: "watcher" });
    const first = await join("presence-p2", { user_id: "carol", user_info: { n: 1 } });
    const added = await watcher.client.next((frame) => frame.event === "pusher_internal:member_added");
    expect(added.channel).toBe("presence-p2");
    expect(JSON.parse(added.data as string)).toEqual({ user_id: "carol", user_info: { n: 1 } });
    // The joining socket itself is not told about its own arrival.
    await first.client.barrier();
    expect(first.client.all((frame) => frame.event === "pusher_internal:member_added")).toEqual([]);

    const second = await join("presence-p2", { user_id: "carol", user_info: { n: 1 } });
    expect(presenceOf(second.response).count).toBe(2);
    first.client.send({ event: "pusher:unsubscribe", data: { channel: "presence-p2" } });
    await first.client.barrier();
    await watcher.client.barrier();
    expect(watcher.client.all((frame) => frame.event === "pusher_internal:member_added")).toHaveLength(1);
    expect(watcher.client.all((frame) => frame.event === "pusher_internal:member_removed")).toEqual([]);

    second.client.close();
    const removed = await watcher.client.next((frame) => frame.event === "pusher_internal:member_removed");
    expect(JSON.parse(removed.data as string)).toEqual({ user_id: "carol" });
    for (const member of [watcher, first]) member.client.close();
  });

  it("P3 refuses user_info over 1 KB and user_id over 128 characters", async () => {
    const bigInfo = await join("presence-p3-info", { user_id: "u", user_info: { blob: "x".repeat(1100) } });
    expect(bigInfo.response.event).toBe("pusher:subscription_error");
    const longId = await join("presence-p3-id", { user_id: "u".repeat(129) });
    expect(longId.response.event).toBe("pusher:subscription_error");
    const okId = await join("presence-p3-id", { user_id: "u".repeat(128) });
    expect(okId.response.event).toBe("pusher_internal:subscription_succeeded");
    for (const member of [bigInfo, longId, okId]) member.client.close();
  });

  it("P3 refuses the 101st member of a presence channel", async () => {
    const members = [];
    for (let start = 0; start < 100; start += 25) {
      const wave = Array.from({ length: 25 }, (_, i) =>
        join("presence-p3-full", { user_id: `member-${start + i}` }),
      );
      members.push(...(await Promise.all(wave)));
    }
    for (const member of members)
      expect(member.response.event).toBe("pusher_internal:subscription_succeeded");
    const extra = await join("presence-p3-full", { user_id: "member-100" });
    expect(extra.response.event).toBe("pusher:subscription_error");
    // Another connection of an existing member is not a new member.
    const again = await join("presence-p3-full", { user_id: "member-0" });
    expect(again.response.event).toBe("pusher_internal:subscription_succeeded");
    for (const member of [...members, extra, again]) member.client.close();
  });
});
