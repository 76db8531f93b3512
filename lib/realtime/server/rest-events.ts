import { isSocketId } from "../socket-id";
import type { AppState } from "./app-state";
import { encodeFrame } from "./channel";
import { channelKind, isValidChannelName } from "./channel-names";
import { HttpError, parseInfo } from "./http-error";

interface TriggerEvent {
  name: string;
  data: string;
  channels: string[];
  socketId?: string;
  info: Set<string>;
}

function parseEvent(app: AppState, input: unknown, isBatchItem: boolean): TriggerEvent {
  const { limits } = app.options;
  if (typeof input !== "object" || input === null) throw new HttpError(400, "Each event must be an object");
  const fields = input as Record<string, unknown>;
  const { name, data, socket_id: socketId } = fields;
  if (typeof name !== "string" || name.length === 0 || name.length > limits.maxEventNameLength) {
    throw new HttpError(400, `name must be a string of 1–${limits.maxEventNameLength} characters`);
  }
  // pusher: and pusher_internal: events are the protocol's own; the API must not forge them.
  if (name.startsWith("pusher:") || name.startsWith("pusher_internal:")) {
    throw new HttpError(400, "Event names starting with pusher: are reserved");
  }
  if (typeof data !== "string") throw new HttpError(400, "data must be a string");
  if (Buffer.byteLength(data) > limits.maxEventDataBytes) {
    throw new HttpError(413, `data is larger than ${limits.maxEventDataBytes} bytes`);
  }
  let channels: unknown;
  if (isBatchItem) channels = [fields.channel];
  else if (fields.channels !== undefined) channels = fields.channels;
  else channels = fields.channel === undefined ? undefined : [fields.channel];
  if (!Array.isArray(channels) || channels.length === 0 || channels.length > limits.maxTriggerChannels) {
    throw new HttpError(400, `Give a channel, or channels with 1–${limits.maxTriggerChannels} names`);
  }
  for (const channel of channels) {
    if (!isValidChannelName(channel, limits.maxChannelNameLength)) {
      const shown = typeof channel === "string" ? channel.slice(0, 64) : typeof channel;
      throw new HttpError(400, `Invalid channel name: ${shown}`);
    }
  }
  if (socketId !== undefined && !isSocketId(socketId)) {
    throw new HttpError(400, "socket_id must look like 123.456");
  }
  return { name, data, channels: channels as string[], socketId, info: parseInfo(fields.info) };
}

function channelInfo(app: AppState, name: string, info: Set<string>): Record<string, number> {
  const channel = app.channels.get(name);
  const result: Record<string, number> = {};
  if (info.has("subscription_count")) result.subscription_count = channel?.subscribers.size ?? 0;
  if (info.has("user_count") && channelKind(name).access === "presence") {
    result.user_count = channel?.members.size ?? 0;
  }
  return result;
}

/** Publishes to each channel: one encode per channel, then a send per subscriber. */
function publish(app: AppState, event: TriggerEvent): void {
  const except = event.socketId ? app.connections.get(event.socketId) : undefined;
  const { limits } = app.options;
  for (const name of event.channels) {
    const frame = encodeFrame({ event: event.name, channel: name, data: event.data });
    if (channelKind(name).isCache)
      app.channels.setCached(name, frame, limits.cacheTtlMs, limits.maxCachedChannels);
    app.channels.get(name)?.broadcast(frame, except);
  }
}

/** POST /apps/{id}/events */
export function triggerEvent(app: AppState, body: Record<string, unknown>): unknown {
  const event = parseEvent(app, body, false);
  publish(app, event);
  if (event.info.size === 0) return {};
  return {
    channels: Object.fromEntries(event.channels.map((name) => [name, channelInfo(app, name, event.info)])),
  };
}

/** POST /apps/{id}/batch_events */
export function triggerBatch(app: AppState, body: Record<string, unknown>): unknown {
  const { batch } = body;
  const { maxBatchSize } = app.options.limits;
  if (!Array.isArray(batch) || batch.length === 0 || batch.length > maxBatchSize) {
    throw new HttpError(400, `batch must hold 1–${maxBatchSize} events`);
  }
  // Validate everything first: a batch is published whole or not at all.
  const events = batch.map((item) => parseEvent(app, item, true));
  for (const event of events) publish(app, event);
  if (events.every((event) => event.info.size === 0)) return {};
  return { batch: events.map((event) => channelInfo(app, event.channels[0] as string, event.info)) };
}
