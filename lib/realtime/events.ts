import { z } from "zod";

// Every realtime event name and its payload schema, in one place. Servers publish only
// through `publish()`, which validates against these; clients parse with the same schemas.

export const pingEvent = z.object({ from: z.string().min(1).max(64), sentAt: z.number().int() });

export const realtimeEvents = {
  /** A no-op event for connectivity checks (the realtime status page and tests). */
  "realtime.ping": pingEvent,
} as const;

export type RealtimeEventName = keyof typeof realtimeEvents;
export type RealtimeEventPayload<E extends RealtimeEventName> = z.infer<(typeof realtimeEvents)[E]>;

/** Client events (`client-*`) are relayed by the realtime server without passing through the app. */
export const clientEvents = {
  "client-ping": pingEvent,
} as const;

export type ClientEventName = keyof typeof clientEvents;

export function parseEvent<E extends RealtimeEventName>(name: E, data: unknown): RealtimeEventPayload<E> {
  return realtimeEvents[name].parse(data) as RealtimeEventPayload<E>;
}
