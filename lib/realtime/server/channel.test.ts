import { describe, expect, it } from "vitest";
import type { Subscriber } from "./channel";
import { ChannelRegistry } from "./channel-registry";

class RecordingSubscriber implements Subscriber {
  readonly frames: Buffer[] = [];
  constructor(readonly socketId: string) {}
  send(frame: Buffer): void {
    this.frames.push(frame);
  }
}

function registry() {
  const events: string[] = [];
  const channels = new ChannelRegistry({
    channelOccupied: (channel) => events.push(`occupied ${channel}`),
    channelVacated: (channel) => events.push(`vacated ${channel}`),
    memberAdded: (channel, userId) => events.push(`added ${channel} ${userId}`),
    memberRemoved: (channel, userId) => events.push(`removed ${channel} ${userId}`),
  });
  return { channels, events };
}

describe("channel fan-out", () => {
  it("encodes a broadcast once: every subscriber gets the very same Buffer", () => {
    const { channels } = registry();
    const subscribers = Array.from({ length: 50 }, (_, i) => new RecordingSubscriber(`1.${i}`));
    for (const subscriber of subscribers) channels.join(subscriber, "room");
    const frame = Buffer.from('{"event":"e","channel":"room","data":"x"}');
    const delivered = channels.get("room")?.broadcast(frame, subscribers[0]);
    expect(delivered).toBe(49);
    expect(subscribers[0]?.frames).toEqual([]);
    for (const subscriber of subscribers.slice(1)) {
      expect(subscriber.frames).toHaveLength(1);
      expect(subscriber.frames[0]).toBe(frame);
    }
  });

  it("only touches the channel's own subscribers", () => {
    const { channels } = registry();
    const inRoom = new RecordingSubscriber("1.1");
    const elsewhere = new RecordingSubscriber("1.2");
    channels.join(inRoom, "room");
    channels.join(elsewhere, "other");
    channels.get("room")?.broadcast(Buffer.from("{}"));
    expect(inRoom.frames).toHaveLength(1);
    expect(elsewhere.frames).toHaveLength(0);
  });

  it("reports occupied/vacated once and forgets empty channels", () => {
    const { channels, events } = registry();
    const a = new RecordingSubscriber("1.1");
    const b = new RecordingSubscriber("1.2");
    channels.join(a, "room");
    channels.join(b, "room");
    expect(channels.join(a, "room").isNewSubscription).toBe(false);
    channels.leave(a, "room");
    channels.leave(a, "room");
    channels.leave(b, "room");
    expect(events).toEqual(["occupied room", "vacated room"]);
    expect(channels.size).toBe(0);
  });

  it("tracks presence members across several sockets of one user", () => {
    const { channels, events } = registry();
    const first = new RecordingSubscriber("1.1");
    const second = new RecordingSubscriber("1.2");
    const watcher = new RecordingSubscriber("1.3");
    channels.join(watcher, "presence-room", { userId: "w", userInfo: null });
    channels.join(first, "presence-room", { userId: "u", userInfo: { name: "U" } });
    channels.join(second, "presence-room", { userId: "u", userInfo: { name: "U" } });
    expect(channels.get("presence-room")?.presenceData()).toEqual({
      presence: { ids: ["w", "u"], hash: { w: null, u: { name: "U" } }, count: 2 },
    });
    expect(watcher.frames.map((frame) => JSON.parse(frame.toString()).event)).toEqual([
      "pusher_internal:member_added",
    ]);
    channels.leave(first, "presence-room");
    expect(events).not.toContain("removed presence-room u");
    channels.leave(second, "presence-room");
    expect(events.slice(-1)).toEqual(["removed presence-room u"]);
    expect(channels.hasRoomFor("presence-room", "new", 1)).toBe(false);
    expect(channels.hasRoomFor("presence-room", "w", 1)).toBe(true);
  });

  it("keeps a cache channel's last frame after the channel empties, until it expires", () => {
    const { channels } = registry();
    const frame = Buffer.from("{}");
    channels.setCached("cache-a", frame, 60_000, 2);
    expect(channels.getCached("cache-a")).toBe(frame);
    channels.setCached("cache-b", frame, 60_000, 2);
    channels.setCached("cache-c", frame, 60_000, 2);
    expect(channels.getCached("cache-a")).toBeUndefined();
    channels.setCached("cache-d", frame, -1, 10);
    expect(channels.getCached("cache-d")).toBeUndefined();
  });
});
