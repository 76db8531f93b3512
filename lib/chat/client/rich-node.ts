// The renderer reads documents as untrusted, loosely typed data: a message may have been written
// by an older or newer client, so every field is checked before use and anything unexpected
// degrades to its text.

export interface RichNode {
  type: string;
  text?: string;
  attrs: Record<string, unknown>;
  content: RichNode[];
  marks: RichMark[];
}

export interface RichMark {
  type: string;
  attrs: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asMark(value: unknown): RichMark | null {
  if (!isRecord(value) || typeof value.type !== "string") return null;
  return { type: value.type, attrs: isRecord(value.attrs) ? value.attrs : {} };
}

/** A node with checked fields, or null for something that is not a node at all. */
export function asNode(value: unknown): RichNode | null {
  if (!isRecord(value) || typeof value.type !== "string") return null;
  const content = Array.isArray(value.content)
    ? value.content.map(asNode).filter((node): node is RichNode => node !== null)
    : [];
  const marks = Array.isArray(value.marks)
    ? value.marks.map(asMark).filter((mark): mark is RichMark => mark !== null)
    : [];
  return {
    type: value.type,
    text: typeof value.text === "string" ? value.text : undefined,
    attrs: isRecord(value.attrs) ? value.attrs : {},
    content,
    marks,
  };
}

const BLOCKS = new Set(["paragraph", "bulletList", "orderedList", "listItem", "blockquote", "codeBlock"]);

/** The text a person would read in a node: blocks on their own lines, mentions as @label. */
export function textOf(node: RichNode): string {
  if (node.type === "text") return node.text ?? "";
  if (node.type === "hardBreak") return "\n";
  if (node.type === "mention") {
    const label = typeof node.attrs.label === "string" ? node.attrs.label : node.attrs.id;
    return typeof label === "string" ? `@${label}` : "";
  }
  let text = "";
  node.content.forEach((child, index) => {
    if (index > 0 && (BLOCKS.has(child.type) || BLOCKS.has(node.content[index - 1]?.type ?? "")))
      text += "\n";
    text += textOf(child);
  });
  return text;
}

/** A positive integer attribute (an ordered list's start), or the fallback. */
export function positiveInt(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 1_000_000_000
    ? value
    : fallback;
}

export { codeLanguage } from "@/lib/chat/body/code-language";
