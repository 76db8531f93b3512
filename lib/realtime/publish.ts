import "server-only";
import Pusher from "pusher";
import { assertAccepted } from "./check";
import { getRealtimeServerConfig } from "./config";
import { type RealtimeEventName, type RealtimeEventPayload, realtimeEvents } from "./events";
import { isSocketId } from "./socket-id";

let client: Pusher | undefined;

/** The server SDK, pointed at hosted Pusher, a self-hosted server or the embedded one. */
export function getPusher(): Pusher {
  if (!client) {
    const config = getRealtimeServerConfig();
    client = new Pusher({
      appId: config.appId,
      key: config.key,
      secret: config.secret,
      cluster: config.cluster,
      host: config.host,
      port: config.port,
      useTLS: config.useTLS,
      timeout: 5_000,
    });
  }
  return client;
}

/**
 * Publish an event after the data is saved (DESIGN.md §3.7). Awaited: a failed publish is an
 * error the caller sees, not a silent loss (lib/chat/events/publish.ts logs it and lets the saved write
 * stand). `excludeSocketId` keeps the sender's own tab
 * from receiving what it already shows.
 */
export async function publish<E extends RealtimeEventName>(
  channels: string | string[],
  event: E,
  payload: RealtimeEventPayload<E>,
  options: { excludeSocketId?: string | null } = {},
): Promise<void> {
  const data = realtimeEvents[event].parse(payload);
  const list = Array.isArray(channels) ? channels : [channels];
  const socketId = isSocketId(options.excludeSocketId) ? options.excludeSocketId : undefined;
  // The REST API takes at most 100 channels per call.
  for (let i = 0; i < list.length; i += 100) {
    const response = await getPusher().trigger(
      list.slice(i, i + 100),
      event,
      data,
      socketId ? { socket_id: socketId } : undefined,
    );
    await assertAccepted(response, `the event ${event}`);
  }
}

// The REST API's batch endpoint takes at most 10 events per call.
const MAX_BATCH = 10;

/** One event of a batch: any event name with its own payload, channel and excluded socket. */
export type OutgoingEvent = {
  [E in RealtimeEventName]: {
    channel: string;
    event: E;
    payload: RealtimeEventPayload<E>;
    excludeSocketId?: string | null;
  };
}[RealtimeEventName];

/**
 * Publishes several events (a message and each member's own sidebar row, say) as one signed
 * batch request per 10 events instead of one request each. Every payload is validated first, as
 * publish() does. Awaited, as publish().
 */
export async function publishBatch(events: OutgoingEvent[]): Promise<void> {
  const batch = events.map(({ channel, event, payload, excludeSocketId }) => {
    const data = realtimeEvents[event].parse(payload);
    const socketId = isSocketId(excludeSocketId) ? excludeSocketId : undefined;
    return { channel, name: event, data, ...(socketId ? { socket_id: socketId } : {}) };
  });
  const calls: Promise<void>[] = [];
  for (let i = 0; i < batch.length; i += MAX_BATCH) {
    calls.push(
      getPusher()
        .triggerBatch(batch.slice(i, i + MAX_BATCH))
        .then((response) => assertAccepted(response, "a batch of events")),
    );
  }
  await Promise.all(calls);
}

/** Tests only: forget the cached SDK client so the next publish reads the (changed) env again. */
export function resetPusherForTests(): void {
  client = undefined;
}
