import type { MessageDto } from "@/lib/chat/dto";

/** Chronological, as the server pages them: by creation time, then id for ties. */
export function compareMessages(a: MessageDto, b: MessageDto): number {
  return a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt.localeCompare(b.createdAt);
}

/**
 * Adds `incoming` to `current`, one copy per id (realtime events, page fetches and send
 * responses can all carry the same message), the newer version of a message winning.
 */
export function mergeMessages(current: MessageDto[], incoming: MessageDto[]): MessageDto[] {
  if (incoming.length === 0) return current;
  const byId = new Map(current.map((message) => [message.id, message]));
  for (const message of incoming) {
    const existing = byId.get(message.id);
    const isNewer =
      !existing ||
      (message.deletedAt ?? "") > (existing.deletedAt ?? "") ||
      (message.editedAt ?? "") > (existing.editedAt ?? "");
    if (isNewer)
      byId.set(message.id, { ...message, clientNonce: message.clientNonce ?? existing?.clientNonce ?? null });
  }
  return [...byId.values()].sort(compareMessages);
}
