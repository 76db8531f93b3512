import type { MessageDto, ReadMarker } from "@/lib/chat/dto";

/**
 * For each message id, the other members whose read marker stands exactly there: the place to
 * show "Seen" (direct) or "Seen by N" (group). Markers pointing at messages not loaded are ignored.
 */
export function seenByMessage(
  messages: MessageDto[],
  markers: ReadMarker[],
  viewerId: string,
): Map<string, string[]> {
  const loaded = new Set(messages.map((message) => message.id));
  const seen = new Map<string, string[]>();
  for (const marker of markers) {
    if (marker.userId === viewerId || !loaded.has(marker.messageId)) continue;
    seen.set(marker.messageId, [...(seen.get(marker.messageId) ?? []), marker.userId]);
  }
  return seen;
}
