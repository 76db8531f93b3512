import { handleClientEvent } from "./client-events";
import type { Connection } from "./connection";
import { ErrorCode, WsCloseCode } from "./error-codes";
import { isNestedDeeperThan, MAX_JSON_DEPTH } from "./json-depth";
import { handleSignIn } from "./sign-in";
import { handleSubscribe, handleUnsubscribe } from "./subscriptions";

type Fields = Record<string, unknown>;

/** Some clients send `data` as a JSON string, pusher-js as an object: accept both for pusher:* events. */
function dataFields(data: unknown): Fields {
  let value = data;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return {};
    }
  }
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Fields) : {};
}

/** Handles one incoming WebSocket message. Bad input gets an error; it never throws. */
export function handleMessage(connection: Connection, raw: Buffer, isBinary: boolean): void {
  if (!connection.isActive) return;
  connection.noteActivity();
  if (!connection.messages.take()) {
    // Dropped before parsing: that is the work a flood is trying to cause.
    connection.sendError(ErrorCode.clientEventRejected, "Message rate limit exceeded");
    return;
  }
  if (isBinary) {
    connection.close(WsCloseCode.unsupportedData, "Binary frames are not supported");
    return;
  }
  const text = raw.toString("utf8");
  if (isNestedDeeperThan(text)) {
    connection.sendError(null, `Invalid message: nested more than ${MAX_JSON_DEPTH} levels deep`);
    return;
  }
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    // No close code fits a frame we cannot read; report it and keep the socket.
    connection.sendError(null, "Invalid message: not JSON");
    return;
  }
  if (typeof message !== "object" || message === null || typeof (message as Fields).event !== "string") {
    connection.sendError(null, "Invalid message: expected an object with an event name");
    return;
  }
  const { event, channel, data } = message as { event: string; channel?: unknown; data?: unknown };
  switch (event) {
    case "pusher:ping":
      connection.sendMessage({ event: "pusher:pong", data: {} });
      return;
    case "pusher:pong":
      connection.notePong();
      return;
    case "pusher:subscribe":
      handleSubscribe(connection, dataFields(data));
      return;
    case "pusher:unsubscribe":
      handleUnsubscribe(connection, dataFields(data));
      return;
    case "pusher:signin":
      handleSignIn(connection, dataFields(data));
      return;
  }
  if (event.startsWith("client-")) {
    handleClientEvent(connection, event, channel, data);
    return;
  }
  connection.sendError(null, `Unsupported event: ${event.slice(0, 64)}`);
}
