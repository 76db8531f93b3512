import type { JSONContent } from "@tiptap/core";
import { codeLanguage } from "@/lib/chat/body/code-language";
import type { MessageDoc } from "@/lib/chat/body/schema";

// The editor's JSON becomes the message body here, just before it is sent. The server validates
// the document against its allow-list anyway; this only repairs what tiptap can produce from a
// paste that the allow-list would refuse (a list numbered from 0, an `<ol type="a">`, a
// `language-TypeScript` class), and drops the blank lines around the message.

function isBlankParagraph(node: JSONContent): boolean {
  return (
    node.type === "paragraph" &&
    (node.content ?? []).every((child) => child.type === "text" && !child.text?.trim())
  );
}

function repair(node: JSONContent): JSONContent {
  const next: JSONContent = { ...node };
  if (node.content) next.content = node.content.map(repair);
  if (node.type === "orderedList") {
    const start = Number(node.attrs?.start);
    next.attrs = { start: Number.isInteger(start) && start >= 1 ? start : 1, type: null };
  } else if (node.type === "codeBlock") {
    const language = String(node.attrs?.language ?? "").toLowerCase();
    next.attrs = { language: codeLanguage(language) };
  }
  return next;
}

/** The document to send, or null when there is nothing to send. */
export function composeDoc(json: JSONContent): MessageDoc | null {
  const blocks = [...(json.content ?? [])];
  while (blocks[0] && isBlankParagraph(blocks[0])) blocks.shift();
  while (blocks.at(-1) && isBlankParagraph(blocks.at(-1) as JSONContent)) blocks.pop();
  if (blocks.length === 0) return null;
  return { type: "doc", content: blocks.map(repair) } as MessageDoc;
}
