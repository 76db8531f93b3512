import "server-only";
import { conversationChannel, userChannel } from "@/lib/realtime/channels";
import { publish } from "@/lib/realtime/publish";
import type { MessageDto } from "./dto";
import { listSummariesForMembers } from "./sidebar";

// Called after the write has committed (DESIGN.md §3.7): awaited, so a failed publish reaches
// the caller instead of vanishing.

/** Pushes every member their own, fresh sidebar row for the conversation. */
export async function publishConversationUpdated(conversationId: string): Promise<void> {
  const rows = await listSummariesForMembers({ conversationId });
  // Each member's row differs (name of a DM, unread counts), so one trigger per member.
  await Promise.all(
    rows.map(({ userId, summary }) => publish(userChannel(userId), "conversation.updated", summary)),
  );
}

export async function publishMessageEvent(
  event: "message.created" | "message.updated" | "message.deleted",
  message: MessageDto,
  socketId: string | null | undefined,
): Promise<void> {
  // The conversation channel reaches every member: the nonce is for the author's eyes only.
  const broadcast = { ...message, clientNonce: null };
  await publish(conversationChannel(message.conversationId), event, broadcast, { excludeSocketId: socketId });
}
