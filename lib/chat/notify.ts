import "server-only";
import { conversationChannel, userChannel } from "@/lib/realtime/channels";
import type { RealtimeEventName, RealtimeEventPayload } from "@/lib/realtime/events";
import { type OutgoingEvent, publish, publishBatch } from "@/lib/realtime/publish";
import type { MessageDto, ReactionEvent, ReadMarker } from "./dto";
import { listSummariesForMembers } from "./sidebar";

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

/**
 * Pusher Channels (hosted, soketi, ours) refuse events over 10 KB. A 4,000-character message of
 * non-ASCII text or many short lines can exceed that as a document, so such an event carries
 * everything but the body and receivers fetch the message over HTTP. 9 KB leaves room for the
 * envelope around the data.
 */
export const MAX_MESSAGE_EVENT_BYTES = 9 * 1024;

export function messageEventPayload(message: MessageDto): MessageDto {
  // The conversation channel reaches every member: the nonce is for the author's eyes only.
  const broadcast: MessageDto = { ...message, clientNonce: null };
  if (Buffer.byteLength(JSON.stringify(broadcast)) <= MAX_MESSAGE_EVENT_BYTES) return broadcast;
  return {
    ...broadcast,
    body: { type: "doc", content: [] },
    plainText: "",
    replyTo: null,
    reactions: [],
    isPartial: true,
  };
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
