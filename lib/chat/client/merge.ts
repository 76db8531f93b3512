import type { MessageDto } from "@/lib/chat/dto";
import { sameReactions } from "./reactions";
import { replyTargetOf } from "./reply";

/** A message's position in history, where a window is known complete up to (see advanceCursor). */
export type SyncCursor = Pick<MessageDto, "id" | "createdAt">;

/** Chronological, as the server pages them: by creation time, then id for ties. */
export function compareMessages(a: SyncCursor, b: SyncCursor): number {
  return a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt.localeCompare(b.createdAt);
}

/** Which of two copies of one message is the later version: 1, -1, or 0 when they are the same version. */
function compareVersions(a: MessageDto, b: MessageDto): number {
  const deleted = (a.deletedAt ?? "").localeCompare(b.deletedAt ?? "");
  if (deleted !== 0) return deleted;
  return (a.editedAt ?? "").localeCompare(b.editedAt ?? "");
}

/**
 * Adds `incoming` to `current`, one copy per id (realtime events, page fetches and send
 * responses can all carry the same message), the newer version of a message winning. Reactions
 * change without a new version, so a copy of the same version brings its reactions along: the
 * server's copy is the fresher one.
 */
export function mergeMessages(current: MessageDto[], incoming: MessageDto[]): MessageDto[] {
  if (incoming.length === 0) return current;
  const byId = new Map(current.map((message) => [message.id, message]));
  let isChanged = false;
  for (const message of incoming) {
    const existing = byId.get(message.id);
    const order = existing ? compareVersions(message, existing) : 1;
    if (order > 0) {
      byId.set(message.id, { ...message, clientNonce: message.clientNonce ?? existing?.clientNonce ?? null });
      isChanged = true;
    } else if (existing && order === 0 && !sameReactions(existing.reactions, message.reactions)) {
      byId.set(message.id, { ...existing, reactions: message.reactions });
      isChanged = true;
    }
  }
  return isChanged ? [...byId.values()].sort(compareMessages) : current;
}

/** A contiguous stretch of history; `hasMoreBefore/After` say whether it stops short of either end. */
export interface MessageWindow {
  messages: MessageDto[];
  hasMoreBefore: boolean;
  hasMoreAfter: boolean;
}

/**
 * Merges messages that arrived on their own (realtime events, send responses) into a window
 * without breaking its contiguity: a message beyond an edge the window has not reached would leave
 * a hole that paging from that edge then skips, so it is left for the page load that reaches it.
 * Changes to messages already held always apply.
 */
/**
 * Replies quote their original as the server saw it when it sent them. When an edited or deleted
 * original arrives, the quotes of it held here are brought up to date with it — a deleted
 * message's text must not linger in a quote until the next reload — whether or not the original
 * itself is held.
 */
export function refreshQuotes(messages: MessageDto[], incoming: MessageDto[]): MessageDto[] {
  const changed = new Map(
    incoming.filter((m) => m.editedAt !== null || m.deletedAt !== null).map((m) => [m.id, m]),
  );
  if (changed.size === 0) return messages;
  let isChanged = false;
  const refreshed = messages.map((message) => {
    const original = message.replyTo && changed.get(message.replyTo.id);
    if (!original || !message.replyTo) return message;
    const quote = replyTargetOf(original);
    const held = message.replyTo;
    if (quote.excerpt === held.excerpt && quote.isDeleted === held.isDeleted) return message;
    // A quote never comes back from deleted: an older copy arriving late must not revive it.
    if (held.isDeleted) return message;
    isChanged = true;
    return { ...message, replyTo: { ...quote, authorDisplayName: held.authorDisplayName } };
  });
  return isChanged ? refreshed : messages;
}

export function mergeIntoWindow<W extends MessageWindow>(window: W, incoming: MessageDto[]): W {
  const quoted = refreshQuotes(window.messages, incoming);
  if (quoted !== window.messages) window = { ...window, messages: quoted };
  const first = window.messages[0];
  const last = window.messages.at(-1);
  const held = new Set(window.messages.map((message) => message.id));
  const accepted = incoming.filter((message) => {
    if (held.has(message.id)) return true;
    if (window.hasMoreAfter && last && compareMessages(message, last) > 0) return false;
    if (window.hasMoreBefore && first && compareMessages(message, first) < 0) return false;
    return true;
  });
  if (accepted.length === 0) return window;
  return { ...window, messages: mergeMessages(window.messages, accepted) };
}

/**
 * Moves a catch-up cursor to the newest of `incoming`, never back. Feed it only messages the
 * server delivered (pages, live events): a tab's own send response may be newer than messages
 * others sent while its socket was down, and catching up after it would skip those.
 */
export function advanceCursor(cursor: SyncCursor | null, incoming: MessageDto[]): SyncCursor | null {
  let newest = cursor;
  for (const message of incoming) {
    if (!newest || compareMessages(message, newest) > 0)
      newest = { id: message.id, createdAt: message.createdAt };
  }
  return newest;
}

/** A window that also knows how far it has everything the server delivered. */
export interface SyncedWindow extends MessageWindow {
  syncedThrough: SyncCursor | null;
}

/** mergeIntoWindow for messages the server delivered live: the cursor moves past those kept. */
export function mergeDelivered<W extends SyncedWindow>(window: W, incoming: MessageDto[]): W {
  const merged = mergeIntoWindow(window, incoming);
  const held = new Set(merged.messages.map((message) => message.id));
  const kept = incoming.filter((message) => held.has(message.id));
  return { ...merged, syncedThrough: advanceCursor(window.syncedThrough, kept) };
}
