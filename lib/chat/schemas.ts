import { z } from "zod";
import { ID_PATTERN } from "@/lib/ids";
import { canonicalEmoji, MAX_EMOJI_UTF16 } from "./body/emoji";
import { messageBodyInputSchema } from "./body/prepare";

// One schema per chat input, shared by route handlers, server actions and forms.

const id = z.string().regex(ID_PATTERN, "Invalid id");

/** A UUID or any 8–64 URL-safe characters, chosen by the sending client. */
export const clientNonceSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, "clientNonce must be 8–64 letters, digits, '-' or '_' (a UUID fits).");

/** Hard cap of the schema; the configured UPLOAD_MAX_FILES_PER_MESSAGE (lib/files/limits.ts) is lower. */
const MAX_ATTACHMENT_IDS = 100;

export const sendMessageSchema = z.object({
  // A message with files may have no text: the body then defaults to empty, and only such a
  // message may be empty (finishBody).
  body: messageBodyInputSchema.default({ text: "" }),
  clientNonce: clientNonceSchema,
  replyToId: id.nullish(),
  /** Uploads (POST /api/conversations/{id}/attachments) this message carries, in order. */
  attachmentIds: z
    .array(id)
    .max(MAX_ATTACHMENT_IDS, `A message can carry at most ${MAX_ATTACHMENT_IDS} files.`)
    .refine((ids) => new Set(ids).size === ids.length, "Each file can be attached once.")
    .default([]),
});
export type SendMessageInput = z.infer<typeof sendMessageSchema>;

export const editMessageSchema = z.object({ body: messageBodyInputSchema });
export type EditMessageInput = z.infer<typeof editMessageSchema>;

/** One emoji (see emoji.ts), in its canonical, fully qualified form. */
export const reactionEmojiSchema = z
  .string()
  .max(MAX_EMOJI_UTF16)
  .transform((value, ctx) => {
    const emoji = canonicalEmoji(value);
    if (emoji === null) {
      ctx.issues.push({ code: "custom", message: "A reaction must be a single emoji.", input: value });
      return z.NEVER;
    }
    return emoji;
  });

export const reactionSchema = z.object({ conversationId: id, messageId: id, emoji: reactionEmojiSchema });
export type ReactionInput = z.input<typeof reactionSchema>;

export const MAX_PAGE_SIZE = 100;

/** At most one of before / after / around; none means the newest page. */
export const listMessagesSchema = z
  .object({
    before: id.optional(),
    after: id.optional(),
    around: id.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  })
  .refine((q) => [q.before, q.after, q.around].filter(Boolean).length <= 1, {
    message: "Use at most one of before, after and around.",
  });
export type ListMessagesInput = z.infer<typeof listMessagesSchema>;

export const markReadSchema = z.object({ messageId: id });
export type MarkReadInput = z.infer<typeof markReadSchema>;

export const MAX_GROUP_MEMBERS = 256;

export const createGroupSchema = z.object({
  name: z.string().trim().min(1, "A group needs a name.").max(100),
  memberIds: z
    .array(id)
    .max(MAX_GROUP_MEMBERS - 1, `A group can have at most ${MAX_GROUP_MEMBERS} members.`)
    .default([]),
});
export type CreateGroupInput = z.infer<typeof createGroupSchema>;

export const createDirectSchema = z.object({ userId: id });
export type CreateDirectInput = z.infer<typeof createDirectSchema>;

/** POST /api/conversations takes either shape. */
export const createConversationSchema = z.union([createDirectSchema, createGroupSchema]);

export const listConversationsSchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: id.optional(),
});
export type ListConversationsInput = z.infer<typeof listConversationsSchema>;

export const searchPeopleSchema = z.object({
  query: z
    .string()
    .trim()
    .transform((q) => q.replace(/^@/, ""))
    .pipe(z.string().min(1, "Type a name or @username.").max(64)),
});
export type SearchPeopleInput = z.input<typeof searchPeopleSchema>;
