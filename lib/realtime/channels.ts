// Channel names come only from these functions (DESIGN.md §3.6): only private- and presence-
// channels carry app data, so every subscription passes through /api/realtime/auth.

const ID = /^[A-Za-z0-9_-]{1,64}$/;

function assertId(id: string): string {
  if (!ID.test(id)) throw new Error(`Invalid id for a channel name: ${JSON.stringify(id)}`);
  return id;
}

export const userChannel = (userId: string) => `private-user-${assertId(userId)}`;
export const conversationChannel = (conversationId: string) =>
  `private-conversation-${assertId(conversationId)}`;
export const conversationPresenceChannel = (conversationId: string) =>
  `presence-conversation-${assertId(conversationId)}`;

export type ParsedChannel =
  | { kind: "user"; userId: string }
  | { kind: "conversation"; conversationId: string }
  | { kind: "conversation-presence"; conversationId: string }
  | { kind: "unknown" };

const PATTERNS: [RegExp, (id: string) => ParsedChannel][] = [
  [/^private-user-([A-Za-z0-9_-]{1,64})$/, (userId) => ({ kind: "user", userId })],
  [
    /^private-conversation-([A-Za-z0-9_-]{1,64})$/,
    (conversationId) => ({ kind: "conversation", conversationId }),
  ],
  [
    /^presence-conversation-([A-Za-z0-9_-]{1,64})$/,
    (conversationId) => ({ kind: "conversation-presence", conversationId }),
  ],
];

export function parseChannel(name: string): ParsedChannel {
  for (const [pattern, build] of PATTERNS) {
    const match = pattern.exec(name);
    if (match?.[1]) return build(match[1]);
  }
  return { kind: "unknown" };
}
