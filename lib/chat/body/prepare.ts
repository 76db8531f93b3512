import { z } from "zod";
import { AppError } from "@/lib/errors";
import { checkDocumentBounds } from "./bounds";
import { normalizeDoc } from "./normalize";
import {
  characterCount,
  docFromText,
  MAX_MESSAGE_CHARACTERS,
  type MessageDoc,
  messageDocSchema,
  toPlainText,
} from "./schema";
import { hasUnstorableText } from "./storable-text";

// What a client may send as a body: the editor's document (`editor.getJSON()`), or `{ text }` for
// clients without an editor (scripts, bots, tests), converted with docFromText. Mentions are
// resolved against the conversation afterwards (mentions.ts): this module needs no database.

const textBodySchema = z.strictObject({ text: z.string().max(MAX_MESSAGE_CHARACTERS * 4) });

/** The bounds walk runs first and aborts, so the recursive schema only sees bounded input. */
const boundedDocSchema = z
  .unknown()
  .check((ctx) => {
    const problem = checkDocumentBounds(ctx.value);
    if (problem) ctx.issues.push({ code: "custom", message: problem, input: ctx.value, abort: true });
  })
  .pipe(messageDocSchema);

type Issue = z.core.$ZodIssue;

function pathText(path: PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : `${i ? "." : ""}${String(key)}`))
    .join("");
}

/** One line naming where and what was refused, e.g. `content[0].content[1]: mark type "underline" …`. */
export function describeIssue(issue: Issue): string {
  const where = pathText(issue.path);
  return where ? `${where}: ${issue.message}` : issue.message;
}

function isTextShaped(input: unknown): boolean {
  return typeof input === "object" && input !== null && "text" in input && !("type" in input);
}

export const messageBodyInputSchema = z.union([textBodySchema, boundedDocSchema], {
  // Report the branch the client meant rather than zod's "matched neither".
  error: (issue) => {
    if (issue.code !== "invalid_union") return undefined;
    const branch = issue.errors[isTextShaped(issue.input) ? 0 : 1]?.[0];
    return branch ? describeIssue(branch) : "expected a document or { text }";
  },
});
export type MessageBodyInput = z.infer<typeof messageBodyInputSchema>;

export interface NormalizedBody {
  doc: MessageDoc;
  plainText: string;
}

/** Validates an untrusted body; refusals are `invalid:body` naming the node, mark or attribute. */
export function parseMessageBody(input: unknown): MessageBodyInput {
  const parsed = messageBodyInputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const reason = parsed.error.issues[0];
  throw new AppError(
    "invalid:body",
    `The message body is not a valid document${reason ? `: ${describeIssue(reason)}` : "."}`,
  );
}

/** The stored document of a parsed body; typed text becomes mentions only through `mentionIdFor`. */
export function docFromBody(body: MessageBodyInput, mentionIdFor?: (username: string) => string | null) {
  return "text" in body ? docFromText(body.text, mentionIdFor) : normalizeDoc(body);
}

/**
 * Derives the plain text of a final document; refuses over-long messages, and empty ones unless
 * `allowEmpty` (a message that carries files).
 */
export function finishBody(
  doc: MessageDoc,
  { allowEmpty = false }: { allowEmpty?: boolean } = {},
): NormalizedBody {
  // Every path to the database ends here, whatever schema or conversion came before.
  if (hasUnstorableText(doc)) {
    throw new AppError("invalid:body", "The message contains characters that cannot be saved.");
  }
  const plainText = toPlainText(doc);
  if (plainText.trim() === "" && !allowEmpty)
    throw new AppError("invalid:body", "A message cannot be empty.");
  if (characterCount(plainText) > MAX_MESSAGE_CHARACTERS) {
    throw new AppError(
      "invalid:body",
      `A message can be at most ${MAX_MESSAGE_CHARACTERS.toLocaleString("en")} characters.`,
    );
  }
  return { doc, plainText };
}

/** Validation and plain text without a conversation: mention labels stay as sent. */
export function normalizeMessageBody(input: unknown): NormalizedBody {
  return finishBody(docFromBody(parseMessageBody(input)));
}
