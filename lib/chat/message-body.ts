import { z } from "zod";
import { AppError } from "@/lib/errors";
import {
  characterCount,
  docFromText,
  MAX_MESSAGE_CHARACTERS,
  type MessageDoc,
  messageDocSchema,
  toPlainText,
} from "./body";

/**
 * What a client may send as a body: the editor's document, or `{ text }` for clients without an
 * editor (scripts, bots, tests), which is converted with docFromText.
 */
export const messageBodyInputSchema = z.union([
  messageDocSchema,
  z.strictObject({ text: z.string().max(MAX_MESSAGE_CHARACTERS * 4) }),
]);
export type MessageBodyInput = z.infer<typeof messageBodyInputSchema>;

export interface NormalizedBody {
  doc: MessageDoc;
  plainText: string;
}

/** Validates a body and derives its plain text; refuses empty and over-long messages. */
export function normalizeMessageBody(input: unknown): NormalizedBody {
  const parsed = messageBodyInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("invalid:body", "The message body is not a valid document.");
  }
  const doc = "text" in parsed.data ? docFromText(parsed.data.text) : parsed.data;
  const plainText = toPlainText(doc);
  if (plainText.trim() === "") throw new AppError("invalid:body", "A message cannot be empty.");
  if (characterCount(plainText) > MAX_MESSAGE_CHARACTERS) {
    throw new AppError(
      "invalid:body",
      `A message can be at most ${MAX_MESSAGE_CHARACTERS.toLocaleString("en")} characters.`,
    );
  }
  return { doc, plainText };
}
