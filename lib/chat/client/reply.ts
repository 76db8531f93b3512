import type { MessageDto } from "@/lib/chat/dto";

export type ReplyTarget = NonNullable<MessageDto["replyTo"]>;

const EXCERPT_LENGTH = 140;

/** The preview a reply shows before the server returns its own: same shape, built locally. */
export function replyTargetOf(message: MessageDto): ReplyTarget {
  const chars = [...message.plainText.replace(/\s+/g, " ").trim()];
  const excerpt =
    chars.length > EXCERPT_LENGTH ? `${chars.slice(0, EXCERPT_LENGTH).join("")}…` : chars.join("");
  return {
    id: message.id,
    authorDisplayName: message.author?.displayName ?? null,
    excerpt,
    isDeleted: message.deletedAt !== null,
  };
}
