import { channelKind, isValidChannelName } from "./channel-names";
import type { Connection } from "./connection";
import { ErrorCode } from "./error-codes";
import { isNestedDeeperThan } from "./json-depth";
import { verifyChannelAuth } from "./signatures";

type Fields = Record<string, unknown>;

function refuse(connection: Connection, channel: string, type: string, error: string, status: number): void {
  connection.sendMessage({ event: "pusher:subscription_error", channel, data: { type, error, status } });
}

interface PresenceMemberInput {
  userId: string;
  userInfo: unknown;
}

/** Parses and bounds presence `channel_data`; returns an error message when it is unacceptable. */
function parseChannelData(connection: Connection, raw: string): PresenceMemberInput | string {
  const { limits } = connection.app.options;
  if (isNestedDeeperThan(raw)) return "channel_data is nested too deeply";
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return "channel_data is not valid JSON";
  }
  if (typeof parsed !== "object" || parsed === null) return "channel_data must be a JSON object";
  const { user_id: rawId, user_info: userInfo } = parsed as Fields;
  const userId = typeof rawId === "number" && Number.isFinite(rawId) ? String(rawId) : rawId;
  if (typeof userId !== "string" || userId.length === 0)
    return "channel_data.user_id must be a non-empty string";
  if (userId.length > limits.maxUserIdLength) {
    return `channel_data.user_id is longer than ${limits.maxUserIdLength} characters`;
  }
  if (userInfo !== undefined && Buffer.byteLength(JSON.stringify(userInfo)) > limits.maxUserInfoBytes) {
    return `channel_data.user_info is larger than ${limits.maxUserInfoBytes} bytes`;
  }
  return { userId, userInfo };
}

export function handleSubscribe(connection: Connection, data: Fields): void {
  const { app } = connection;
  const { limits } = app.options;
  const name = data.channel;
  if (typeof name !== "string") {
    connection.sendError(null, "pusher:subscribe needs a channel name");
    return;
  }
  if (!isValidChannelName(name, limits.maxChannelNameLength)) {
    refuse(connection, name, "InvalidChannel", "Invalid channel name", 400);
    return;
  }
  const isResubscribe = connection.channels.has(name);
  if (!isResubscribe && connection.channels.size >= limits.maxChannelsPerSocket) {
    connection.sendError(
      ErrorCode.limitReached,
      `Channel limit of ${limits.maxChannelsPerSocket} per connection reached`,
    );
    return;
  }
  if (!connection.subscribes.take()) {
    connection.sendError(ErrorCode.clientEventRejected, "Subscribe rate limit exceeded");
    return;
  }

  const kind = channelKind(name);
  let member: PresenceMemberInput | undefined;
  if (kind.serverToUserId !== undefined) {
    if (connection.userId !== kind.serverToUserId) {
      refuse(
        connection,
        name,
        "AuthError",
        "Only the signed-in user may join their server-to-user channel",
        401,
      );
      return;
    }
  } else if (kind.access !== "public") {
    const channelData = kind.access === "presence" ? data.channel_data : undefined;
    if (kind.access === "presence" && typeof channelData !== "string") {
      refuse(connection, name, "AuthError", "Presence channels need channel_data", 401);
      return;
    }
    const isAuthorized = verifyChannelAuth({
      auth: data.auth,
      key: app.config.key,
      secret: app.config.secret,
      socketId: connection.socketId,
      channel: name,
      channelData: channelData as string | undefined,
    });
    if (!isAuthorized) {
      refuse(connection, name, "AuthError", "Invalid signature", 401);
      return;
    }
    if (typeof channelData === "string") {
      const parsed = parseChannelData(connection, channelData);
      if (typeof parsed === "string") {
        refuse(connection, name, "InvalidChannelData", parsed, 400);
        return;
      }
      member = parsed;
      if (!isResubscribe && !app.channels.hasRoomFor(name, member.userId, limits.maxPresenceMembers)) {
        refuse(
          connection,
          name,
          "LimitReached",
          `Presence channel is full (${limits.maxPresenceMembers} members)`,
          403,
        );
        return;
      }
    }
  }

  const { channel } = app.channels.join(connection, name, member);
  connection.channels.add(name);
  const succeeded = kind.access === "presence" ? JSON.stringify(channel.presenceData()) : "{}";
  connection.sendMessage({ event: "pusher_internal:subscription_succeeded", channel: name, data: succeeded });
  if (kind.isCache) {
    const cached = app.channels.getCached(name);
    if (cached) connection.send(cached);
    else connection.sendMessage({ event: "pusher:cache_miss", channel: name });
  }
}

export function handleUnsubscribe(connection: Connection, data: Fields): void {
  const name = data.channel;
  if (typeof name !== "string" || !connection.channels.delete(name)) return;
  connection.app.channels.leave(connection, name);
}
