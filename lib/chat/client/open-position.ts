import type { MessageDto } from "@/lib/chat/dto";

/** The first message after the reader's marker that someone else wrote; null when all is read. */
export function firstUnreadId(
  messages: MessageDto[],
  lastReadMessageId: string | null,
  viewerId: string,
): string | null {
  if (!lastReadMessageId) return null;
  const readIndex = messages.findIndex((message) => message.id === lastReadMessageId);
  if (readIndex < 0) return null;
  return messages.slice(readIndex + 1).find((message) => message.author?.id !== viewerId)?.id ?? null;
}

/** What the list shows when it (re)mounts: a focused message, the first unread, or the newest. */
export type OpenTarget = { kind: "message"; id: string } | { kind: "unread" } | { kind: "latest" };

export function initialIndex(
  rowIds: string[],
  target: OpenTarget,
  unreadId: string | null,
): { index: number; align: "start" | "center" | "end" } {
  const last = { index: Math.max(rowIds.length - 1, 0), align: "end" as const };
  if (target.kind === "message") {
    const index = rowIds.indexOf(target.id);
    return index >= 0 ? { index, align: "center" } : last;
  }
  if (target.kind === "unread" && unreadId) {
    const index = rowIds.indexOf(unreadId);
    // Leave the message before it in view, so the "New messages" line is seen in context.
    return index >= 0 ? { index: Math.max(index - 1, 0), align: "start" } : last;
  }
  return last;
}
