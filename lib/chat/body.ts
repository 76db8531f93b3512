import { z } from "zod";

// Message bodies are rich-text documents in the editor's (tiptap/ProseMirror) JSON shape, plus a
// plain-text projection the server derives for previews, search and notifications. Only the node
// types listed here are accepted: the schema is an allow-list, so a later capability (marks,
// mentions, links) extends it by adding entries rather than loosening it.

export const MAX_MESSAGE_CHARACTERS = 4_000;
/** Bounds the work of parsing a hostile document long before the text limit is checked. */
const MAX_NODES = 2_000;

export const textNodeSchema = z.strictObject({
  type: z.literal("text"),
  text: z.string().min(1),
});

export const hardBreakNodeSchema = z.strictObject({ type: z.literal("hardBreak") });

export const inlineNodeSchema = z.discriminatedUnion("type", [textNodeSchema, hardBreakNodeSchema]);

export const paragraphNodeSchema = z.strictObject({
  type: z.literal("paragraph"),
  content: z.array(inlineNodeSchema).max(MAX_NODES).optional(),
});

export const blockNodeSchema = z.discriminatedUnion("type", [paragraphNodeSchema]);

export const messageDocSchema = z.strictObject({
  type: z.literal("doc"),
  content: z.array(blockNodeSchema).max(MAX_NODES),
});

export type InlineNode = z.infer<typeof inlineNodeSchema>;
export type BlockNode = z.infer<typeof blockNodeSchema>;
export type MessageDoc = z.infer<typeof messageDocSchema>;

/** What a deleted message keeps: an empty document. */
export const EMPTY_DOC: MessageDoc = { type: "doc", content: [] };

/** The text a person reads: one line per paragraph, hard breaks as newlines. */
export function toPlainText(doc: MessageDoc): string {
  return doc.content
    .map((block) => (block.content ?? []).map((node) => (node.type === "text" ? node.text : "\n")).join(""))
    .join("\n");
}

/** Builds a document from typed text: blank lines separate paragraphs, single newlines break lines. */
export function docFromText(text: string): MessageDoc {
  const paragraphs = text.replace(/\r\n?/g, "\n").split(/\n[ \t]*\n/);
  return {
    type: "doc",
    content: paragraphs.map((paragraph) => {
      const content: InlineNode[] = [];
      paragraph.split("\n").forEach((line, index) => {
        if (index > 0) content.push({ type: "hardBreak" });
        if (line) content.push({ type: "text", text: line });
      });
      return content.length > 0 ? { type: "paragraph", content } : { type: "paragraph" };
    }),
  };
}

/** Counts characters as people do (code points), not UTF-16 units. */
export function characterCount(text: string): number {
  return Array.from(text).length;
}
