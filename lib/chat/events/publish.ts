import "server-only";
import { listSummariesForMembers } from "@/lib/chat/conversations/sidebar";
import type { MessageDto, ReactionEvent, ReadMarker } from "@/lib/chat/dto";
import { conversationChannel, userChannel } from "@/lib/realtime/channels";
import type { RealtimeEventName, RealtimeEventPayload } from "@/lib/realtime/events";
import { type OutgoingEvent, publish, publishBatch } from "@/lib/realtime/publish";
import { messageEventPayload } from "./payload";

// Called after the write has committed (DESIGN.md §3.7), and awaited. A publish that fails is
// logged with its context but does not fail the request: the database is the source of truth,
// the write is done, and clients refetch what they missed when they resubscribe. Failing the
// request instead would make the sender retry (and see "failed") for a message that is saved.

async function publishAfterSave<E extends RealtimeEventName>(
  channels: string | string[],
  event: E,
  payload: RealtimeEventPayload<E>,
  context: Record<string, string | null | undefined>,
  options?: { excludeSocketId?: string | null },
): Promise<void> {
  try {
    await publish(channels, event, payload, options);
  } catch (error) {
    logPublishFailure(event, channels, context, error);
  }
}

function logPublishFailure(
  event: RealtimeEventName,
  channels: string | string[],
  context: Record<string, string | null | undefined>,
  error: unknown,
): void {
  console.error("Realtime publish failed after save; clients will catch up when they reconnect.", {
    event,
    channels,
    ...context,
    error: describeError(error),
  });
}

/** The SDK's RequestError says only "Request failed"; the reason (refused, timed out, HTTP status) is inside. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { status, error: cause } = error as Error & { status?: number; error?: unknown };
  // The request URL's query carries a signature: leave it out of the log.
  const reason = (cause instanceof Error ? cause.message : cause ? String(cause) : "").replace(/\?\S*/g, "");
  return [error.message, status ? `HTTP ${status}` : undefined, reason].filter(Boolean).join(": ");
}

async function sidebarEvents(conversationId: string): Promise<{ userId: string; event: OutgoingEvent }[]> {
  const rows = await listSummariesForMembers({ conversationId });
  // Each member's row differs (name of a DM, unread counts): one event per member.
  return rows.map(({ userId, summary }) => ({
    userId,
    event: { channel: userChannel(userId), event: "conversation.updated", payload: summary },
  }));
}

function logSidebarFailure(conversationId: string, userIds: string[], error: unknown): void {
  // One line per member, as for any other publish (past 10 events, other batches may have gone out).
  for (const userId of userIds) {
    logPublishFailure("conversation.updated", userChannel(userId), { conversationId, userId }, error);
  }
}

/** Pushes every member their own, fresh sidebar row for the conversation. */
export async function publishConversationUpdated(conversationId: string): Promise<void> {
  const rows = await sidebarEvents(conversationId);
  try {
    await publishBatch(rows.map((row) => row.event));
  } catch (error) {
    logSidebarFailure(
      conversationId,
      rows.map((row) => row.userId),
      error,
    );
  }
}

/**
 * A message event and every member's fresh sidebar row, in one batch request (ten events per
 * request): a send in a direct conversation is one request to the realtime server, not two.
 */
export async function publishMessageAndSidebar(
  event: "message.created" | "message.updated" | "message.deleted",
  message: MessageDto,
  socketId: string | null | undefined,
): Promise<void> {
  const { conversationId } = message;
  const rows = await sidebarEvents(conversationId);
  try {
    await publishBatch([
      {
        channel: conversationChannel(conversationId),
        event,
        payload: messageEventPayload(message),
        excludeSocketId: socketId,
      },
      ...rows.map((row) => row.event),
    ]);
  } catch (error) {
    logPublishFailure(
      event,
      conversationChannel(conversationId),
      { conversationId, messageId: message.id },
      error,
    );
    logSidebarFailure(
      conversationId,
      rows.map((row) => row.userId),
      error,
    );
  }
}

export async function publishMessageEvent(
  event: "message.created" | "message.updated" | "message.deleted",
  message: MessageDto,
  socketId: string | null | undefined,
): Promise<void> {
  const broadcast = messageEventPayload(message);
  await publishAfterSave(
    conversationChannel(message.conversationId),
    event,
    broadcast,
    { conversationId: message.conversationId, messageId: message.id },
    { excludeSocketId: socketId },
  );
}

/** Tells the conversation and the reader's other devices that a read marker moved. */
export async function publishReadUpdated(marker: ReadMarker): Promise<void> {
  await publishAfterSave(
    [conversationChannel(marker.conversationId), userChannel(marker.userId)],
    "read.updated",
    marker,
    { conversationId: marker.conversationId, userId: marker.userId, messageId: marker.messageId },
  );
}

/** Tells the conversation that someone added or removed a reaction. */
export async function publishReactionEvent(
  event: "reaction.added" | "reaction.removed",
  reaction: ReactionEvent,
  socketId: string | null | undefined,
): Promise<void> {
  await publishAfterSave(
    conversationChannel(reaction.conversationId),
    event,
    reaction,
    { conversationId: reaction.conversationId, messageId: reaction.messageId, userId: reaction.userId },
    { excludeSocketId: socketId },
  );
}
