import type { AppState } from "./app-state";
import { channelKind, isValidChannelName } from "./channel-names";
import { ErrorCode } from "./error-codes";
import { HttpError, parseInfo } from "./http-error";

function assertChannelName(app: AppState, name: string): void {
  if (!isValidChannelName(name, app.options.limits.maxChannelNameLength)) {
    throw new HttpError(400, "Invalid channel name");
  }
}

/** GET /apps/{id}/channels — occupied channels only. */
export function listChannels(app: AppState, query: URLSearchParams): unknown {
  const prefix = query.get("filter_by_prefix") ?? "";
  const info = parseInfo(query.get("info") ?? undefined);
  for (const attribute of info) {
    if (attribute !== "user_count") throw new HttpError(400, `Unsupported info attribute: ${attribute}`);
  }
  if (info.has("user_count") && !prefix.startsWith("presence-")) {
    throw new HttpError(400, "info=user_count needs filter_by_prefix=presence-");
  }
  const channels: Record<string, Record<string, number>> = {};
  for (const channel of app.channels.all()) {
    // Server-to-user channels would list who is signed in; they are not the API's to reveal.
    if (!channel.name.startsWith(prefix) || channel.name.startsWith("#")) continue;
    channels[channel.name] = info.has("user_count") ? { user_count: channel.members.size } : {};
  }
  return { channels };
}

/** GET /apps/{id}/channels/{name} */
export function getChannel(app: AppState, name: string, query: URLSearchParams): unknown {
  assertChannelName(app, name);
  const info = parseInfo(query.get("info") ?? undefined);
  const kind = channelKind(name);
  const channel = app.channels.get(name);
  const result: Record<string, unknown> = { occupied: channel !== undefined };
  for (const attribute of info) {
    if (attribute === "subscription_count") result.subscription_count = channel?.subscribers.size ?? 0;
    else if (attribute === "user_count") {
      if (kind.access !== "presence")
        throw new HttpError(400, "user_count is only available on presence channels");
      result.user_count = channel?.members.size ?? 0;
    } else if (attribute === "cache") {
      if (!kind.isCache) throw new HttpError(400, "cache is only available on cache channels");
      const frame = app.channels.getCached(name);
      if (frame) result.cache = JSON.parse(frame.toString("utf8"));
    } else throw new HttpError(400, `Unsupported info attribute: ${attribute}`);
  }
  return result;
}

/** GET /apps/{id}/channels/{name}/users */
export function getChannelUsers(app: AppState, name: string): unknown {
  assertChannelName(app, name);
  if (channelKind(name).access !== "presence")
    throw new HttpError(400, "Users are only listed for presence channels");
  const channel = app.channels.get(name);
  return { users: channel ? [...channel.members.keys()].map((id) => ({ id })) : [] };
}

/** POST /apps/{id}/users/{user_id}/terminate_connections — closes the signed-in user's sockets. */
export function terminateUserConnections(app: AppState, userId: string): unknown {
  for (const connection of [...(app.users.get(userId) ?? [])]) {
    connection.sendError(ErrorCode.unauthorized, "Connection terminated by the server");
    connection.close(ErrorCode.unauthorized, "Connection terminated by the server");
  }
  return {};
}
