import { z } from "zod";
import { messageDocSchema } from "./body/schema";

// The shapes the chat sends to browsers, over HTTP and over realtime alike: one schema each, so
// a page and an event never disagree. Dates are ISO strings (JSON has no date type).

const isoDate = z.iso.datetime({ offset: true });

export const personSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  avatar: z.string().nullable(),
});
export type PersonDto = z.infer<typeof personSchema>;

export const replyPreviewSchema = z.object({
  id: z.string(),
  /** Null when the author's account was deleted. */
  authorDisplayName: z.string().nullable(),
  /** The first characters of the quoted message; empty when it was deleted. */
  excerpt: z.string(),
  isDeleted: z.boolean(),
});
export type ReplyPreviewDto = z.infer<typeof replyPreviewSchema>;

const REPLY_EXCERPT_CHARACTERS = 140;

/**
 * The quote a reply shows of the message it answers: one line of its text, cut by characters
 * (never inside an emoji), nothing once it is deleted. The server builds quotes with it, and a
 * browser with it again when the quoted message is edited or deleted live, so the two never differ.
 */
export function replyPreviewOf(quoted: {
  id: string;
  plainText: string;
  deletedAt: unknown;
  authorDisplayName: string | null;
}): ReplyPreviewDto {
  const isDeleted = quoted.deletedAt !== null;
  const chars = isDeleted ? [] : [...quoted.plainText.replace(/\s+/g, " ").trim()];
  const excerpt =
    chars.length > REPLY_EXCERPT_CHARACTERS
      ? `${chars.slice(0, REPLY_EXCERPT_CHARACTERS).join("")}…`
      : chars.join("");
  return { id: quoted.id, authorDisplayName: quoted.authorDisplayName, excerpt, isDeleted };
}

/** One emoji on a message and who reacted with it, in the order they reacted. */
export const reactionSchema = z.object({
  emoji: z.string(),
  userIds: z.array(z.string()),
});
export type ReactionDto = z.infer<typeof reactionSchema>;

/** How a file is shown: images as thumbnails, video and audio as players, anything else as a card. */
export const attachmentKindSchema = z.enum(["image", "video", "audio", "file"]);
export type AttachmentKind = z.infer<typeof attachmentKindSchema>;

/** A file attached to a message; every URL goes through the membership-checked file route. */
export const attachmentSchema = z.object({
  id: z.string(),
  /** The uploader's file name, sanitised (never a path). */
  name: z.string(),
  /** Sniffed from the content on upload, never the browser's claim. */
  mimeType: z.string(),
  size: z.number().int().nonnegative(),
  kind: attachmentKindSchema,
  /** Displayed size of an image (after EXIF orientation): lays it out before it loads. */
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  /** ThumbHash (base64) of an image, drawn as a placeholder while the thumbnail loads. */
  thumbhash: z.string().nullable(),
  /** `/api/files/{id}`: inline when the type is safe to show, else a download. */
  url: z.string(),
  /** `/api/files/{id}/thumbnail` for images. */
  thumbnailUrl: z.string().nullable(),
  /** `/api/files/{id}?download=1`. */
  downloadUrl: z.string(),
});
export type AttachmentDto = z.infer<typeof attachmentSchema>;

export const messageDtoSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  /** Null for a deleted account ("Deleted user"). */
  author: personSchema.nullable(),
  body: messageDocSchema,
  plainText: z.string(),
  replyTo: replyPreviewSchema.nullable(),
  createdAt: isoDate,
  editedAt: isoDate.nullable(),
  deletedAt: isoDate.nullable(),
  /** Only in copies meant for the author: lets their client match a pending message. */
  clientNonce: z.string().nullable(),
  /** Ordered by each emoji's first reaction; empty on a deleted message. */
  reactions: z.array(reactionSchema),
  /** In upload order; empty when none and on a deleted message. */
  attachments: z.array(attachmentSchema),
  /**
   * Set on a realtime event too large for the realtime server's event limit: the body was left
   * out, and receivers fetch the message over HTTP.
   */
  isPartial: z.literal(true).optional(),
});
export type MessageDto = z.infer<typeof messageDtoSchema>;

/** `reaction.added` / `reaction.removed`: set semantics, so applying one twice is harmless. */
export const reactionEventSchema = z.object({
  conversationId: z.string(),
  messageId: z.string(),
  emoji: z.string(),
  userId: z.string(),
});
export type ReactionEvent = z.infer<typeof reactionEventSchema>;

export const lastMessagePreviewSchema = z.object({
  id: z.string(),
  authorId: z.string().nullable(),
  authorDisplayName: z.string().nullable(),
  plainText: z.string(),
  createdAt: isoDate,
  isDeleted: z.boolean(),
});

/** One sidebar row, as the viewer sees it (a direct conversation is named after the other person). */
export const conversationSummarySchema = z.object({
  id: z.string(),
  kind: z.enum(["direct", "group"]),
  name: z.string(),
  /** Group icon, or the other person's avatar. */
  avatar: z.string().nullable(),
  /** The other person, for direct conversations. */
  otherUserId: z.string().nullable(),
  lastActivityAt: isoDate,
  lastMessage: lastMessagePreviewSchema.nullable(),
  /** Capped at UNREAD_COUNT_CAP (100): a badge shows "99+" beyond, and counting stops there. */
  unreadCount: z.number().int().nonnegative(),
  unreadMentionCount: z.number().int().nonnegative(),
  lastReadMessageId: z.string().nullable(),
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

export const UNREAD_COUNT_CAP = 100;

export const readMarkerSchema = z.object({
  conversationId: z.string(),
  userId: z.string(),
  messageId: z.string(),
  readAt: isoDate,
});
export type ReadMarker = z.infer<typeof readMarkerSchema>;
