import { z } from "zod";
import { isId } from "@/lib/ids";
import { CODE_LANGUAGE_PATTERN } from "./code-language";
import { isSafeHref } from "./link-href";

// Message bodies are rich-text documents in the editor's (tiptap 3 / ProseMirror) JSON shape, plus
// a plain-text projection the server derives for previews, search and notifications. The schema
// is a strict allow-list: a node, mark or attribute not listed here is refused, never ignored.
// Attributes tiptap always emits with fixed defaults (link target/rel/class/title, the mention's
// suggestion character) are accepted only with those defaults and dropped on save (see
// body-normalize.ts), so stored documents have exactly the shapes of the types below.
//
// The schema is recursive; run checkDocumentBounds (body-bounds.ts) first so a hostile document
// is refused by an iterative walk before zod recurses into it. messageBodyInputSchema does both.

export const MAX_MESSAGE_CHARACTERS = 4_000;
/** Deepest node level: the doc is level 0, its blocks level 1, a text inside them level 2, … */
export const MAX_DOCUMENT_DEPTH = 8;
export const MAX_DOCUMENT_NODES = 2_000;

export type Mark =
  | { type: "bold" }
  | { type: "italic" }
  | { type: "strike" }
  | { type: "code" }
  | { type: "link"; attrs: { href: string } };
export type TextNode = {
  type: "text";
  text: string;
  marks?: Mark[];
};
export type HardBreakNode = {
  type: "hardBreak";
};
/** `id` is a member's user id or "everyone"; the server sets `label` to the current username. */
export type MentionNode = {
  type: "mention";
  attrs: { id: string; label: string | null };
};
export type InlineNode = TextNode | HardBreakNode | MentionNode;
export type ParagraphNode = {
  type: "paragraph";
  content?: InlineNode[];
};
export type ListItemNode = {
  type: "listItem";
  content: BlockNode[];
};
export type BulletListNode = {
  type: "bulletList";
  content: ListItemNode[];
};
export type OrderedListNode = {
  type: "orderedList";
  attrs?: { start: number };
  content: ListItemNode[];
};
export type BlockquoteNode = {
  type: "blockquote";
  content: BlockNode[];
};
export type CodeBlockNode = {
  type: "codeBlock";
  attrs?: { language: string | null };
  content?: { type: "text"; text: string }[];
};
export type BlockNode = ParagraphNode | BulletListNode | OrderedListNode | BlockquoteNode | CodeBlockNode;
export type MessageDoc = {
  type: "doc";
  content: BlockNode[];
};

/** A strict object whose refusal names the node or mark and the attribute it does not allow. */
function strict<S extends z.core.$ZodLooseShape>(what: string, shape: S) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `${what} does not allow ${issue.keys.map((key) => JSON.stringify(key)).join(", ")}`
        : undefined,
  });
}

function unknownType(kind: string) {
  return (issue: { input?: unknown }) => {
    const input = issue.input;
    if (typeof input !== "object" || input === null || Array.isArray(input)) return `expected a ${kind}`;
    const type = (input as { type?: unknown }).type;
    return `${kind} type ${JSON.stringify(type) ?? "(missing)"} is not allowed here`;
  };
}

const linkMarkSchema = strict("link", {
  type: z.literal("link"),
  attrs: strict("link", {
    href: z.string().max(2_048).refine(isSafeHref, {
      error: "link href must be an absolute http:, https: or mailto: URL",
    }),
    target: z.literal("_blank", { error: 'link target can only be "_blank" (tiptap\'s default)' }).nullish(),
    rel: z
      .literal("noopener noreferrer nofollow", { error: "link rel can only be tiptap's default" })
      .nullish(),
    class: z.null({ error: "link class must be null" }).optional(),
    title: z.null({ error: "link title must be null" }).optional(),
  }),
});

const markSchema = z.discriminatedUnion(
  "type",
  [
    strict("bold", { type: z.literal("bold") }),
    strict("italic", { type: z.literal("italic") }),
    strict("strike", { type: z.literal("strike") }),
    strict("code", { type: z.literal("code") }),
    linkMarkSchema,
  ],
  { error: unknownType("mark") },
);

const marksSchema = z
  .array(markSchema)
  .max(5)
  .refine((marks) => new Set(marks.map((mark) => mark.type)).size === marks.length, {
    error: "the same mark is applied twice",
  });

const textSchema = strict("text", {
  type: z.literal("text"),
  // A single text node cannot exceed the message limit (in UTF-16 units, emoji count twice).
  text: z
    .string()
    .min(1)
    .max(MAX_MESSAGE_CHARACTERS * 2),
  marks: marksSchema.optional(),
});

// ProseMirror lets marks cover atoms too (bolding a line that holds a mention marks the mention):
// accepted here, dropped on save, since only text carries marks in a stored document.
const hardBreakSchema = strict("hardBreak", { type: z.literal("hardBreak"), marks: marksSchema.optional() });

const mentionSchema = strict("mention", {
  type: z.literal("mention"),
  attrs: strict("mention", {
    id: z.string().refine((id) => id === "everyone" || isId(id), {
      error: 'mention id must be a user id or "everyone"',
    }),
    label: z.string().max(64).nullable().default(null),
    mentionSuggestionChar: z.literal("@").optional(),
  }),
  marks: marksSchema.optional(),
});

const inlineNodeSchema = z.discriminatedUnion("type", [textSchema, hardBreakSchema, mentionSchema], {
  error: unknownType("inline node"),
});

const blockNodeSchema: z.ZodType<BlockNode> = z.lazy(() => blockUnion);
const blocksSchema = z.array(blockNodeSchema).min(1);

const paragraphSchema = strict("paragraph", {
  type: z.literal("paragraph"),
  content: z.array(inlineNodeSchema).optional(),
});

const listItemSchema = strict("listItem", { type: z.literal("listItem"), content: blocksSchema });
const listItemsSchema = z.array(
  z.discriminatedUnion("type", [listItemSchema], { error: unknownType("list item") }),
);

const bulletListSchema = strict("bulletList", {
  type: z.literal("bulletList"),
  content: listItemsSchema.min(1),
});

const orderedListSchema = strict("orderedList", {
  type: z.literal("orderedList"),
  attrs: strict("orderedList", { start: z.int().min(1), type: z.null().optional() }).optional(),
  content: listItemsSchema.min(1),
});

const blockquoteSchema = strict("blockquote", { type: z.literal("blockquote"), content: blocksSchema });

const codeBlockSchema = strict("codeBlock", {
  type: z.literal("codeBlock"),
  attrs: strict("codeBlock", {
    language: z
      .string()
      .regex(CODE_LANGUAGE_PATTERN, { error: "codeBlock language is not a language name" })
      .nullable(),
  }).optional(),
  content: z
    .array(strict("code block text", { type: z.literal("text"), text: textSchema.shape.text }))
    .optional(),
});

const blockUnion = z.discriminatedUnion(
  "type",
  [paragraphSchema, bulletListSchema, orderedListSchema, blockquoteSchema, codeBlockSchema],
  { error: unknownType("block") },
);

/**
 * Validates a document that already passed checkDocumentBounds (or was stored). The output may
 * still carry the accepted tiptap defaults; normalizeDoc drops them.
 */
export const messageDocSchema: z.ZodType<MessageDoc> = strict("doc", {
  type: z.literal("doc"),
  content: z.array(blockNodeSchema),
});

/** What a deleted message keeps: an empty document. */
export const EMPTY_DOC: MessageDoc = { type: "doc", content: [] };

function inlineText(nodes: InlineNode[] | undefined): string {
  let text = "";
  for (const node of nodes ?? []) {
    if (node.type === "text") text += node.text;
    else if (node.type === "hardBreak") text += "\n";
    else text += `@${node.attrs.id === "everyone" ? "everyone" : (node.attrs.label ?? "")}`;
  }
  return text;
}

function blockText(block: BlockNode): string {
  switch (block.type) {
    case "paragraph":
      return inlineText(block.content);
    case "codeBlock":
      return (block.content ?? []).map((node) => node.text).join("");
    case "bulletList":
    case "orderedList":
      return block.content.map((item) => item.content.map(blockText).join("\n")).join("\n");
    case "blockquote":
      return block.content.map(blockText).join("\n");
  }
}

/**
 * The text a person reads: one line per paragraph, list item or block, hard breaks as newlines,
 * mentions as @username (labels are set by the server before this runs), code verbatim.
 */
export function toPlainText(doc: MessageDoc): string {
  return doc.content.map(blockText).join("\n");
}

/**
 * Builds a document from typed text: blank lines separate paragraphs, single newlines break lines.
 * `mentionIdFor` turns `@username` into a mention node when it names a member (else it stays text).
 */
export function docFromText(text: string, mentionIdFor: (username: string) => string | null = () => null) {
  const paragraphs = text.replace(/\r\n?/g, "\n").split(/\n[ \t]*\n/);
  const doc: MessageDoc = {
    type: "doc",
    content: paragraphs.map((paragraph): ParagraphNode => {
      const content: InlineNode[] = [];
      paragraph.split("\n").forEach((line, index) => {
        if (index > 0) content.push({ type: "hardBreak" });
        content.push(...lineNodes(line, mentionIdFor));
      });
      return content.length > 0 ? { type: "paragraph", content } : { type: "paragraph" };
    }),
  };
  return doc;
}

/** `@name` not preceded by a word character, as typed by people (usernames are [a-z0-9_]). */
export const TYPED_MENTION = /(?<![A-Za-z0-9_])@([A-Za-z0-9_]{3,32})(?![A-Za-z0-9_])/g;

function lineNodes(line: string, mentionIdFor: (username: string) => string | null): InlineNode[] {
  const nodes: InlineNode[] = [];
  let rest = 0;
  for (const match of line.matchAll(TYPED_MENTION)) {
    const username = (match[1] ?? "").toLowerCase();
    const id = mentionIdFor(username);
    if (!id) continue;
    if (match.index > rest) nodes.push({ type: "text", text: line.slice(rest, match.index) });
    nodes.push({ type: "mention", attrs: { id, label: username } });
    rest = match.index + match[0].length;
  }
  if (rest < line.length) nodes.push({ type: "text", text: line.slice(rest) });
  return nodes;
}

/** Counts characters as people do (code points), not UTF-16 units. */
export function characterCount(text: string): number {
  return Array.from(text).length;
}
