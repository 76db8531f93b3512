export type ChannelAccess = "public" | "private" | "presence";

export interface ChannelKind {
  access: ChannelAccess;
  /** End-to-end encrypted: payloads are relayed untouched and client events are refused. */
  isEncrypted: boolean;
  /** Cache channel: the last event is replayed to new subscribers. */
  isCache: boolean;
  /** `#server-to-user-{id}`: only the signed-in user with that id may join. */
  serverToUserId?: string;
}

const NAME_PATTERN = /^[-a-zA-Z0-9_=@,.;]+$/;
const SERVER_TO_USER_PREFIX = "#server-to-user-";

/** Channel name validity per Pusher; `#` is reserved for server-to-user channels. */
export function isValidChannelName(name: unknown, maxLength: number): name is string {
  if (typeof name !== "string" || name.length === 0 || name.length > maxLength) return false;
  if (name.startsWith(SERVER_TO_USER_PREFIX)) {
    return NAME_PATTERN.test(name.slice(SERVER_TO_USER_PREFIX.length));
  }
  return NAME_PATTERN.test(name);
}

/**
 * Prefixes are matched at the START of the name only: "my-private-x" is a public channel,
 * not a private one (an unanchored match would demand auth for it, or worse, skip it elsewhere).
 */
export function channelKind(name: string): ChannelKind {
  if (name.startsWith(SERVER_TO_USER_PREFIX)) {
    return {
      access: "public",
      isEncrypted: false,
      isCache: false,
      serverToUserId: name.slice(SERVER_TO_USER_PREFIX.length),
    };
  }
  let rest = name;
  let access: ChannelAccess = "public";
  let isEncrypted = false;
  if (rest.startsWith("private-encrypted-")) {
    access = "private";
    isEncrypted = true;
    rest = rest.slice("private-encrypted-".length);
  } else if (rest.startsWith("private-")) {
    access = "private";
    rest = rest.slice("private-".length);
  } else if (rest.startsWith("presence-")) {
    access = "presence";
    rest = rest.slice("presence-".length);
  }
  return { access, isEncrypted, isCache: rest.startsWith("cache-") };
}

/** Client events are allowed on private and presence channels, never on encrypted ones. */
export function allowsClientEvents(kind: ChannelKind): boolean {
  return kind.access !== "public" && !kind.isEncrypted;
}
