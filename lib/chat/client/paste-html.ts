import DOMPurify from "isomorphic-dompurify";

// Pasted HTML goes through DOMPurify with an allow-list before tiptap parses it: the schema would
// drop anything it does not know anyway, and this makes sure no script, handler, style or
// unexpected attribute reaches even the parser (defence in depth). What survives maps onto the
// message contract: paragraphs, line breaks, the five marks, lists, quotes, code blocks, mentions.

const ALLOWED_TAGS = [
  "p",
  "br",
  "div",
  "span",
  "strong",
  "b",
  "em",
  "i",
  "s",
  "strike",
  "del",
  "code",
  "a",
  "ul",
  "ol",
  "li",
  "blockquote",
  "pre",
];
const ALLOWED_ATTR = ["href", "start", "class", "data-type", "data-id", "data-label", "data-pm-slice"];

/** Pasted HTML reduced to the allowed formatting. Mentions this sender may not make become text. */
export function sanitizePastedHtml(html: string, canMention: (id: string) => boolean): string {
  const clean = DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: /^(?:https?|mailto):/i,
    // DOMPurify checks every attribute not known as URI-safe against the URI pattern.
    ADD_URI_SAFE_ATTR: ["start"],
    RETURN_DOM_FRAGMENT: true,
  });
  for (const mention of clean.querySelectorAll('span[data-type="mention"]')) {
    const id = mention.getAttribute("data-id") ?? "";
    if (canMention(id)) continue;
    mention.replaceWith(mention.ownerDocument.createTextNode(mention.textContent ?? ""));
  }
  // Classes only matter as a code block's language; everything else loses them.
  for (const element of clean.querySelectorAll("[class]")) {
    const language = [...element.classList].find((name) => name.startsWith("language-"));
    if (language && element.tagName === "CODE") element.setAttribute("class", language);
    else element.removeAttribute("class");
  }
  const container = clean.ownerDocument.createElement("div");
  container.append(clean);
  return container.innerHTML;
}
