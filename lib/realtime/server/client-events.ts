import { encodeFrame } from "./channel";
import { allowsClientEvents } from "./channel-names";
import type { Connection } from "./connection";
import { ErrorCode } from "./error-codes";

/** Relays a `client-*` event to the channel's other subscribers (never back to the sender). */
export function handleClientEvent(
  connection: Connection,
  event: string,
  channelName: unknown,
  data: unknown,
): void {
  const { app } = connection;
  const { limits } = app.options;
  if (!app.areClientEventsEnabled) {
    connection.sendError(null, "Client events are not enabled for this app");
    return;
  }
  const channel = typeof channelName === "string" ? app.channels.get(channelName) : undefined;
  if (!channel || !connection.channels.has(channel.name) || !allowsClientEvents(channel.kind)) {
    connection.sendError(null, "Client events need a private or presence channel this socket has joined");
    return;
  }
  if (event.length > limits.maxEventNameLength) {
    connection.sendError(
      ErrorCode.clientEventRejected,
      `Event name is longer than ${limits.maxEventNameLength}`,
    );
    return;
  }
  const dataString = typeof data === "string" ? data : JSON.stringify(data ?? null);
  if (Buffer.byteLength(dataString) > limits.maxEventDataBytes) {
    connection.sendError(
      ErrorCode.clientEventRejected,
      `Event data is larger than ${limits.maxEventDataBytes} bytes`,
    );
    return;
  }
  if (!connection.clientEvents.take()) {
    connection.sendError(ErrorCode.clientEventRejected, "Client event rate limit exceeded");
    return;
  }
  // On presence channels the server, not the client, says who sent it.
  const userId = channel.kind.access === "presence" ? channel.memberOf.get(connection) : undefined;
  const frame = encodeFrame(
    userId === undefined
      ? { event, channel: channel.name, data }
      : { event, channel: channel.name, data, user_id: userId },
  );
  channel.broadcast(frame, connection);
  app.emitWebhook({
    name: "client_event",
    channel: channel.name,
    event,
    data: dataString,
    socket_id: connection.socketId,
    ...(userId === undefined ? {} : { user_id: userId }),
  });
}
