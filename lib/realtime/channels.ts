// Channel names come only from these functions (DESIGN.md §3.6): only private- and presence-
// channels carry app data, so every subscription passes through /api/realtime/auth.

import { ID_SOURCE, isId } from "@/lib/ids";

function assertId(id: string): string {
  if (!isId(id)) throw new Error(`Invalid id for a channel name: ${JSON.stringify(id)}`);
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
  [new RegExp(`^private-user-(${ID_SOURCE})$`), (userId) => ({ kind: "user", userId })],
  [
    new RegExp(`^private-conversation-(${ID_SOURCE})$`),
    (conversationId) => ({ kind: "conversation", conversationId }),
  ],
  [
    new RegExp(`^presence-conversation-(${ID_SOURCE})$`),
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
