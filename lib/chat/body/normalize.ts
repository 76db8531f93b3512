import { safeHref } from "./link-href";
import type { BlockNode, InlineNode, ListItemNode, Mark, MessageDoc } from "./schema";

// Rebuilds a validated document in its stored shape, key by key, so nothing the schema merely
// tolerated survives: tiptap's default link attributes and the mention's suggestion character
// are dropped, hrefs are stored as the URL parser serialised them (what was checked is what is
// saved), and marks stay on text only. Runs after messageDocSchema; depth is already bounded.

function mark(m: Mark): Mark {
  if (m.type !== "link") return { type: m.type };
  const href = safeHref(m.attrs.href);
  // The schema already refused unsafe hrefs; this keeps the invariant local and checked.
  if (href === null) throw new Error("normalizeDoc: unvalidated link");
  return { type: "link", attrs: { href } };
}

function inline(node: InlineNode): InlineNode {
  switch (node.type) {
    case "text":
      return node.marks?.length
        ? { type: "text", text: node.text, marks: node.marks.map(mark) }
        : { type: "text", text: node.text };
    case "hardBreak":
      return { type: "hardBreak" };
    case "mention":
      return { type: "mention", attrs: { id: node.attrs.id, label: node.attrs.label ?? null } };
  }
}

function listItem(item: ListItemNode): ListItemNode {
  return { type: "listItem", content: item.content.map(block) };
}

function block(node: BlockNode): BlockNode {
  switch (node.type) {
    case "paragraph":
      return node.content?.length
        ? { type: "paragraph", content: node.content.map(inline) }
        : { type: "paragraph" };
    case "bulletList":
      return { type: "bulletList", content: node.content.map(listItem) };
    case "orderedList":
      return {
        type: "orderedList",
        ...(node.attrs ? { attrs: { start: node.attrs.start } } : {}),
        content: node.content.map(listItem),
      };
    case "blockquote":
      return { type: "blockquote", content: node.content.map(block) };
    case "codeBlock":
      return {
        type: "codeBlock",
        ...(node.attrs ? { attrs: { language: node.attrs.language } } : {}),
        ...(node.content?.length
          ? { content: node.content.map((text) => ({ type: "text" as const, text: text.text })) }
          : {}),
      };
  }
}

export function normalizeDoc(doc: MessageDoc): MessageDoc {
  return { type: "doc", content: doc.content.map(block) };
}

/** Every mention node, in document order, so labels can be rewritten in place. */
export function mentionNodes(doc: MessageDoc): Extract<InlineNode, { type: "mention" }>[] {
  const found: Extract<InlineNode, { type: "mention" }>[] = [];
  const visit = (node: BlockNode) => {
    if (node.type === "paragraph") {
      for (const child of node.content ?? []) if (child.type === "mention") found.push(child);
    } else if (node.type === "bulletList" || node.type === "orderedList") {
      for (const item of node.content) item.content.forEach(visit);
    } else if (node.type === "blockquote") {
      node.content.forEach(visit);
    }
  };
  doc.content.forEach(visit);
  return found;
}
