import { z } from "zod";

/** "Ana is typing…", "Ana and Ben are typing…", "Several people are typing…", or nothing. */
export function describeTypists(typists: { displayName: string }[]): string | null {
  const [first, second] = typists;
  if (!first) return null;
  if (!second) return `${first.displayName} is typing…`;
  if (typists.length === 2) return `${first.displayName} and ${second.displayName} are typing…`;
  return "Several people are typing…";
}

/** The part of pusher-js's presence member list this needs (`channel.members`). */
export interface PresenceMembers {
  get(userId: string): { info?: unknown } | null;
}

// user_info as /api/realtime/auth signs it for the conversation's presence channel.
const memberInfoSchema = z.object({ displayName: z.string().min(1).max(64) });
const metadataSchema = z.object({ user_id: z.string().min(1).max(128) });

/**
 * Who a `client-typing` event is from, or null to show nothing. The identity is the `user_id`
 * the realtime server adds to client events on presence channels (from the sender's signed
 * subscription) and the name is from the member list the server signed; the payload, which any
 * member's client can write, is never read. Events without a server-given sender, from the
 * viewer's own other devices, or from someone not in the member list show nothing.
 */
export function typistFromEvent({
  metadata,
  members,
  viewerId,
}: {
  metadata: unknown;
  members: PresenceMembers | undefined;
  viewerId: string;
}): { userId: string; displayName: string } | null {
  const sender = metadataSchema.safeParse(metadata);
  if (!sender.success || sender.data.user_id === viewerId) return null;
  const info = memberInfoSchema.safeParse(members?.get(sender.data.user_id)?.info);
  if (!info.success) return null;
  return { userId: sender.data.user_id, displayName: info.data.displayName };
}
