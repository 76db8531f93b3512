import { z } from "zod";
import {
  conversationSummarySchema,
  messageDtoSchema,
  reactionEventSchema,
  readMarkerSchema,
} from "@/lib/chat/dto";

// Every realtime event name and its payload schema, in one place. Servers publish only
// through `publish()`, which validates against these; clients parse with the same schemas.

export const pingEvent = z.object({ from: z.string().min(1).max(64), sentAt: z.number().int() });

/**
 * "Someone is typing", on the conversation's presence channel. Empty on purpose: who is typing is
 * the `user_id` the realtime server adds to client events on presence channels (the socket's
 * signed membership), never anything the sender writes (lib/chat/client/typing.ts).
 */
export const typingEvent = z.object({});

export const realtimeEvents = {
  /** A no-op event for connectivity checks (the realtime status page and tests). */
  "realtime.ping": pingEvent,
  /** On the conversation channel; the sender's own socket is excluded. Clients dedupe by id. */
  "message.created": messageDtoSchema,
  "message.updated": messageDtoSchema,
  /** The tombstone: body cleared, deletedAt set. */
  "message.deleted": messageDtoSchema,
  /** On the conversation channel; the reacting socket is excluded. */
  "reaction.added": reactionEventSchema,
  "reaction.removed": reactionEventSchema,
  /** On a member's user channel: a new conversation, a new last message or a changed unread count. */
  "conversation.updated": conversationSummarySchema,
  /** On the conversation channel (for "Seen") and the reader's user channel (other devices clear the badge). */
  "read.updated": readMarkerSchema,
} as const;

export type RealtimeEventName = keyof typeof realtimeEvents;
export type RealtimeEventPayload<E extends RealtimeEventName> = z.infer<(typeof realtimeEvents)[E]>;

/** Client events (`client-*`) are relayed by the realtime server without passing through the app. */
export const clientEvents = {
  "client-ping": pingEvent,
  /** On the presence channel, at most every 3 s while someone types; receivers expire it after 5 s. */
  "client-typing": typingEvent,
} as const;

export type ClientEventName = keyof typeof clientEvents;

export function parseEvent<E extends RealtimeEventName>(name: E, data: unknown): RealtimeEventPayload<E> {
  return realtimeEvents[name].parse(data) as RealtimeEventPayload<E>;
}
