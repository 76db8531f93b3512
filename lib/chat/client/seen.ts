import type { MessageDto, ReadMarker } from "@/lib/chat/dto";

/**
 * For each message id, the other members to list as having seen it: each reader appears once,
 * under the newest loaded message at or before their read marker that someone else wrote (their
 * own replies say nothing about what they have seen). Markers on messages not loaded are ignored.
 */
export function seenByMessage(
  messages: MessageDto[],
  markers: ReadMarker[],
  viewerId: string,
): Map<string, string[]> {
  const indexById = new Map(messages.map((message, index) => [message.id, index]));
  const seen = new Map<string, string[]>();
  for (const marker of markers) {
    const markerIndex = indexById.get(marker.messageId);
    if (marker.userId === viewerId || markerIndex === undefined) continue;
    for (let index = markerIndex; index >= 0; index--) {
      const message = messages[index];
      if (!message || message.author?.id === marker.userId) continue;
      seen.set(message.id, [...(seen.get(message.id) ?? []), marker.userId]);
      break;
    }
  }
  return seen;
}
