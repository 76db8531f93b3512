import "server-only";
import { z } from "zod";
import { isMember } from "@/lib/chat/access/membership";
import { AppError } from "@/lib/errors";
import { limitAction } from "@/lib/rate-limit/actions";
import { parseChannel } from "./channels";
import { getPusher } from "./publish";
import { SOCKET_ID_PATTERN } from "./socket-id";

export const socketIdSchema = z.string().regex(SOCKET_ID_PATTERN, "Invalid socket id");

export const channelAuthSchema = z.object({
  socket_id: socketIdSchema,
  channel_name: z.string().min(1).max(164),
});
export type ChannelAuthInput = z.infer<typeof channelAuthSchema>;

export const userAuthSchema = z.object({ socket_id: socketIdSchema });
export type UserAuthInput = z.infer<typeof userAuthSchema>;

export interface RealtimeActor {
  id: string;
  displayName: string;
  username: string;
  avatar?: string | null;
}

/**
 * Signs a subscription only for channels the actor may join: the actor's own user channel, and a
 * conversation's private and presence channels for its members (the chat domain's membership
 * query). Everything else — including other people's user channels — is refused.
 */
export async function authorizeChannel({
  actor,
  socketId,
  channelName,
}: {
  actor: RealtimeActor;
  socketId: string;
  channelName: string;
}) {
  await limitAction("realtimeAuth", actor.id);
  const channel = parseChannel(channelName);
  if (channel.kind === "user" && channel.userId === actor.id) {
    return getPusher().authorizeChannel(socketId, channelName);
  }
  if (channel.kind === "conversation" || channel.kind === "conversation-presence") {
    if (await isMember({ userId: actor.id, conversationId: channel.conversationId })) {
      if (channel.kind === "conversation") return getPusher().authorizeChannel(socketId, channelName);
      return getPusher().authorizeChannel(socketId, channelName, {
        user_id: actor.id,
        user_info: { displayName: actor.displayName, username: actor.username, avatar: actor.avatar ?? null },
      });
    }
  }
  throw new AppError("forbidden:channel", "You may not subscribe to this channel.");
}

/** Signs the connection as the actor (`pusher:signin`), enabling server-to-user messages. */
export async function authenticateUser({ actor, socketId }: { actor: RealtimeActor; socketId: string }) {
  await limitAction("realtimeAuth", actor.id);
  return getPusher().authenticateUser(socketId, {
    id: actor.id,
    user_info: { name: actor.displayName, username: actor.username },
  });
}
