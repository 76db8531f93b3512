import type { ChannelKind } from "./channel-names";

/** Anything that can receive an already-encoded frame (a connection, or a test double). */
export interface Subscriber {
  readonly socketId: string;
  send(frame: Buffer): void;
}

export interface PresenceMember {
  userId: string;
  userInfo: unknown;
  sockets: Set<Subscriber>;
}

export interface ServerMessage {
  event: string;
  channel?: string;
  data?: unknown;
  user_id?: string;
}

/**
 * Encodes a message once. The Buffer is handed to every subscriber's socket as-is, so a
 * publish to N sockets costs one JSON.stringify and one UTF-8 encode, not N.
 */
export function encodeFrame(message: ServerMessage): Buffer {
  return Buffer.from(JSON.stringify(message));
}

export class Channel {
  readonly subscribers = new Set<Subscriber>();
  /** Presence only: user id → member (one member may have several sockets). */
  readonly members = new Map<string, PresenceMember>();
  /** Presence only: which user each socket joined as. */
  readonly memberOf = new Map<Subscriber, string>();

  constructor(
    readonly name: string,
    readonly kind: ChannelKind,
  ) {}

  /** Sends one encoded frame to every subscriber except `except`; returns how many got it. */
  broadcast(frame: Buffer, except?: Subscriber): number {
    let delivered = 0;
    for (const subscriber of this.subscribers) {
      if (subscriber === except) continue;
      subscriber.send(frame);
      delivered++;
    }
    return delivered;
  }

  presenceData(): { presence: { ids: string[]; hash: Record<string, unknown>; count: number } } {
    const ids: string[] = [];
    const hash: Record<string, unknown> = {};
    for (const member of this.members.values()) {
      ids.push(member.userId);
      hash[member.userId] = member.userInfo ?? null;
    }
    return { presence: { ids, hash, count: ids.length } };
  }
}
