import { Channel, encodeFrame, type Subscriber } from "./channel";
import { channelKind } from "./channel-names";

export interface ChannelEvents {
  channelOccupied(channel: string): void;
  channelVacated(channel: string): void;
  memberAdded(channel: string, userId: string): void;
  memberRemoved(channel: string, userId: string): void;
}

export interface JoinResult {
  channel: Channel;
  /** False when the socket was already subscribed (a second subscribe is one subscription). */
  isNewSubscription: boolean;
}

/** The channels of one app: subscriber sets, presence membership, occupied/vacated transitions. */
export class ChannelRegistry {
  private readonly channels = new Map<string, Channel>();
  /** Cache channels' last frame; kept while the channel is empty, which is when it matters. */
  private readonly cached = new Map<string, { frame: Buffer; expiresAt: number }>();

  constructor(private readonly events: ChannelEvents) {}

  get(name: string): Channel | undefined {
    return this.channels.get(name);
  }

  get size(): number {
    return this.channels.size;
  }

  all(): IterableIterator<Channel> {
    return this.channels.values();
  }

  /** Remembers a cache channel's last frame for `ttlMs`, evicting the oldest beyond `maxEntries`. */
  setCached(name: string, frame: Buffer, ttlMs: number, maxEntries: number): void {
    this.cached.delete(name);
    this.cached.set(name, { frame, expiresAt: Date.now() + ttlMs });
    if (this.cached.size > maxEntries) {
      const oldest = this.cached.keys().next();
      if (!oldest.done) this.cached.delete(oldest.value);
    }
  }

  getCached(name: string): Buffer | undefined {
    const entry = this.cached.get(name);
    if (!entry) return undefined;
    if (entry.expiresAt > Date.now()) return entry.frame;
    this.cached.delete(name);
    return undefined;
  }

  /** Whether `userId` may join presence channel `name` without exceeding `maxMembers`. */
  hasRoomFor(name: string, userId: string, maxMembers: number): boolean {
    const channel = this.channels.get(name);
    if (!channel || channel.members.has(userId)) return true;
    return channel.members.size < maxMembers;
  }

  join(subscriber: Subscriber, name: string, member?: { userId: string; userInfo: unknown }): JoinResult {
    let channel = this.channels.get(name);
    const isNewChannel = !channel;
    if (!channel) {
      channel = new Channel(name, channelKind(name));
      this.channels.set(name, channel);
    }
    if (channel.subscribers.has(subscriber)) return { channel, isNewSubscription: false };
    channel.subscribers.add(subscriber);
    if (isNewChannel) this.events.channelOccupied(name);
    if (member && channel.kind.access === "presence") this.addMember(channel, subscriber, member);
    return { channel, isNewSubscription: true };
  }

  /** Removes the subscription; a no-op when there is none. */
  leave(subscriber: Subscriber, name: string): void {
    const channel = this.channels.get(name);
    if (!channel?.subscribers.delete(subscriber)) return;
    this.removeMember(channel, subscriber);
    if (channel.subscribers.size === 0) {
      this.channels.delete(name);
      this.events.channelVacated(name);
    }
  }

  private addMember(channel: Channel, subscriber: Subscriber, member: { userId: string; userInfo: unknown }) {
    channel.memberOf.set(subscriber, member.userId);
    const existing = channel.members.get(member.userId);
    if (existing) {
      existing.sockets.add(subscriber);
      return;
    }
    channel.members.set(member.userId, { ...member, sockets: new Set([subscriber]) });
    // Only a user's first connection is announced, and never to the joining socket itself.
    const frame = encodeFrame({
      event: "pusher_internal:member_added",
      channel: channel.name,
      data: JSON.stringify({ user_id: member.userId, user_info: member.userInfo }),
    });
    channel.broadcast(frame, subscriber);
    this.events.memberAdded(channel.name, member.userId);
  }

  private removeMember(channel: Channel, subscriber: Subscriber) {
    const userId = channel.memberOf.get(subscriber);
    if (userId === undefined) return;
    channel.memberOf.delete(subscriber);
    const member = channel.members.get(userId);
    if (!member) return;
    member.sockets.delete(subscriber);
    if (member.sockets.size > 0) return;
    channel.members.delete(userId);
    const frame = encodeFrame({
      event: "pusher_internal:member_removed",
      channel: channel.name,
      data: JSON.stringify({ user_id: userId }),
    });
    channel.broadcast(frame);
    this.events.memberRemoved(channel.name, userId);
  }
}
