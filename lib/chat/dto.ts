import { z } from "zod";
import { messageDocSchema } from "./body";

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
});
export type MessageDto = z.infer<typeof messageDtoSchema>;

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
