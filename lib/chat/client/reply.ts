import { type MessageDto, type ReplyPreviewDto, replyPreviewOf } from "@/lib/chat/dto";

export type ReplyTarget = ReplyPreviewDto;

/** The quote of a held message: what the reply bar shows, and what a pending reply carries. */
export function replyTargetOf(message: MessageDto): ReplyTarget {
  return replyPreviewOf({ ...message, authorDisplayName: message.author?.displayName ?? null });
}
