import { getSchema, type JSONContent } from "@tiptap/core";
import Mention from "@tiptap/extension-mention";
import StarterKit from "@tiptap/starter-kit";
import { describe, expect, it } from "vitest";
import { refusal } from "@/tests/support/refusal";
import { checkDocumentBounds } from "./bounds";
import { safeHref } from "./link-href";
import { normalizeMessageBody } from "./prepare";
import { docFromText, type MessageDoc, toPlainText } from "./schema";

// The editor's own schema (the extensions the composer uses): documents built and serialised
// by ProseMirror here are exactly what `editor.getJSON()` sends.
const tiptap = getSchema([StarterKit, Mention]);
const fromEditor = (json: JSONContent) => tiptap.nodeFromJSON(json).toJSON() as unknown;

const paragraph = (...content: JSONContent[]): JSONContent => ({ type: "paragraph", content });
const text = (value: string, marks?: JSONContent["marks"]): JSONContent => ({
  type: "text",
  text: value,
  marks,
});
const doc = (...content: unknown[]) => ({ type: "doc", content });
const withMark = (mark: unknown) =>
  doc({ type: "paragraph", content: [{ type: "text", text: "x", marks: [mark] }] });
const link = (href: string, extra: Record<string, unknown> = {}) =>
  withMark({ type: "link", attrs: { href, ...extra } });

/** Blockquotes nested so the innermost text sits at node level `depth` (doc = 0). */
function nested(depth: number): unknown {
  let node: unknown = { type: "paragraph", content: [{ type: "text", text: "deep" }] };
  for (let level = depth - 2; level >= 1; level--) node = { type: "blockquote", content: [node] };
  return doc(node);
}

const refused = async (input: unknown) => refusal(Promise.resolve().then(() => normalizeMessageBody(input)));

describe("toPlainText / docFromText", () => {
  it("splits paragraphs on blank lines and keeps single newlines as hard breaks", () => {
    const built = docFromText("Hello\nthere\n\nSecond paragraph");
    expect(built).toEqual({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [{ type: "text", text: "Hello" }, { type: "hardBreak" }, { type: "text", text: "there" }],
        },
        { type: "paragraph", content: [{ type: "text", text: "Second paragraph" }] },
      ],
    });
    expect(toPlainText(built)).toBe("Hello\nthere\nSecond paragraph");
  });

  it("turns @username into a mention node only when the lookup knows the name", () => {
    const ids: Record<string, string> = { ana_1: "u-ana" };
    const built = docFromText("hi @Ana_1 and @nobody, mail a@ana_1", (name) => ids[name] ?? null);
    expect(built.content[0]).toEqual({
      type: "paragraph",
      content: [
        { type: "text", text: "hi " },
        { type: "mention", attrs: { id: "u-ana", label: "ana_1" } },
        { type: "text", text: " and @nobody, mail a@ana_1" },
      ],
    });
  });

  it("projects every block on its own line, mentions as @username, code verbatim", () => {
    const rich: MessageDoc = {
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Hi ", marks: [{ type: "bold" }] },
            { type: "mention", attrs: { id: "u1", label: "ana" } },
            { type: "text", text: " and " },
            { type: "mention", attrs: { id: "everyone", label: "everyone" } },
          ],
        },
        {
          type: "bulletList",
          content: [
            { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "one" }] }] },
            {
              type: "listItem",
              content: [
                { type: "paragraph", content: [{ type: "text", text: "two" }] },
                {
                  type: "orderedList",
                  attrs: { start: 3 },
                  content: [
                    {
                      type: "listItem",
                      content: [{ type: "paragraph", content: [{ type: "text", text: "2a" }] }],
                    },
                  ],
                },
              ],
            },
          ],
        },
        { type: "blockquote", content: [{ type: "paragraph", content: [{ type: "text", text: "quoted" }] }] },
        { type: "codeBlock", attrs: { language: "ts" }, content: [{ type: "text", text: "if (a)\n  b();" }] },
      ],
    };
    expect(toPlainText(rich)).toBe("Hi @ana and @everyone\none\ntwo\n2a\nquoted\nif (a)\n  b();");
  });
});

describe("normalizeMessageBody: documents the editor produces", () => {
  const everything = fromEditor({
    type: "doc",
    content: [
      paragraph(
        text("bold ", [{ type: "bold" }]),
        text("italic ", [{ type: "italic" }]),
        text("gone ", [{ type: "strike" }]),
        text("code", [{ type: "code" }]),
        { type: "hardBreak" },
        text("a link", [{ type: "link", attrs: { href: "https://example.com/a?b=c#d" } }, { type: "bold" }]),
        text(" "),
        { type: "mention", attrs: { id: "user_1", label: "ana" }, marks: [{ type: "italic" }] },
        text(" 🎉👍🏽"),
      ),
      { type: "bulletList", content: [{ type: "listItem", content: [paragraph(text("item"))] }] },
      {
        type: "orderedList",
        attrs: { start: 4 },
        content: [{ type: "listItem", content: [paragraph(text("fourth"))] }],
      },
      { type: "blockquote", content: [paragraph(text("quote"))] },
      { type: "codeBlock", attrs: { language: "c++" }, content: [text("int main() {}")] },
      { type: "codeBlock", content: [text("plain")] },
      { type: "paragraph" },
      paragraph(text("mail me", [{ type: "link", attrs: { href: "MAILTO:ana@example.com" } }])),
    ],
  });

  it("accepts every allowed node, mark and tiptap default attribute", () => {
    // The editor's JSON really does carry the extras the contract tolerates.
    expect(JSON.stringify(everything)).toContain('"mentionSuggestionChar":"@"');
    expect(JSON.stringify(everything)).toContain('"rel":"noopener noreferrer nofollow"');
    const { doc: stored, plainText } = normalizeMessageBody(everything);
    expect(plainText).toBe(
      "bold italic gone code\na link @ana 🎉👍🏽\nitem\nfourth\nquote\nint main() {}\nplain\n\nmail me",
    );
    const json = JSON.stringify(stored);
    for (const dropped of ["target", "rel", "class", "title", "mentionSuggestionChar", '"type":null']) {
      expect(json).not.toContain(dropped);
    }
    const first = stored.content[0];
    expect(first?.type === "paragraph" && first.content?.[5]).toEqual({
      type: "text",
      text: "a link",
      marks: [{ type: "link", attrs: { href: "https://example.com/a?b=c#d" } }, { type: "bold" }],
    });
    // Marks stay on text only; the mention keeps id and label.
    expect(first?.type === "paragraph" && first.content?.[7]).toEqual({
      type: "mention",
      attrs: { id: "user_1", label: "ana" },
    });
    expect(json).toContain('"href":"mailto:ana@example.com"');
    expect(json).toContain('"attrs":{"start":4}');
    // What is stored is still a valid document for the editor that renders it.
    expect(() => tiptap.nodeFromJSON(stored).check()).not.toThrow();
  });

  it("accepts nesting exactly 8 levels deep and exactly 2,000 nodes", () => {
    expect(normalizeMessageBody(nested(8)).plainText).toBe("deep");
    // doc + 999 paragraphs of one text node each + 1 lone paragraph = 2,000 nodes.
    const wide = doc(...Array.from({ length: 999 }, () => paragraph(text("x"))), { type: "paragraph" });
    expect(normalizeMessageBody(wide).plainText).toHaveLength(999 * 2 - 1 + 1);
  });

  it("allows exactly 4,000 characters (counted as code points) and refuses one more", async () => {
    expect(normalizeMessageBody({ text: "😀".repeat(4_000) }).plainText).toHaveLength(8_000);
    const tooLong = await refused({ text: "a".repeat(4_001) });
    expect(tooLong.code).toBe("invalid:body");
    expect(tooLong.message).toContain("4,000");
    expect(
      (await refused(doc(paragraph(text("a".repeat(2_001))), paragraph(text("b".repeat(2_000)))))).message,
    ).toContain("4,000");
  });

  it("refuses empty and whitespace-only messages", async () => {
    expect((await refused({ text: "" })).code).toBe("invalid:body");
    expect((await refused({ text: " \n\n \t " })).message).toBe("A message cannot be empty.");
    expect((await refused(doc({ type: "paragraph" }))).code).toBe("invalid:body");
    expect((await refused(doc())).code).toBe("invalid:body");
  });
});

describe("normalizeMessageBody: hostile documents", () => {
  const deepChain = (levels: number, key: "content" | "attrs") => {
    let node: Record<string, unknown> = { type: "text", text: "x" };
    for (let i = 0; i < levels; i++) {
      node = key === "content" ? { type: "blockquote", content: [node] } : { type: "paragraph", attrs: node };
    }
    return doc(node);
  };
  const protoKey = JSON.parse('{"type":"doc","content":[],"__proto__":{"polluted":true}}');

  const cases: [name: string, input: unknown, reason: RegExp][] = [
    [
      "javascript: link",
      link("javascript:alert(1)"),
      /content\[0\]\.content\[0\]\.marks\[0\]\.attrs\.href: link href/,
    ],
    ["mixed-case scheme", link("JaVaScRiPt:alert(1)"), /link href/],
    ["scheme behind whitespace", link("  javascript:alert(1)"), /link href/],
    ["tab inside the scheme", link("java\tscript:alert(1)"), /link href/],
    ["newline inside the scheme", link("java\nscript:alert(1)"), /link href/],
    ["leading control character", link("\u0001javascript:alert(1)"), /link href/],
    ["zero-width space in the scheme", link("java\u200Bscript:alert(1)"), /link href/],
    ["HTML-entity scheme", link("&#x6A;avascript:alert(1)"), /link href/],
    ["percent-encoded colon", link("javascript%3Aalert(1)"), /link href/],
    ["data: URL", link("data:text/html,<script>alert(1)</script>"), /link href/],
    ["vbscript: URL", link("vbscript:msgbox(1)"), /link href/],
    ["file: URL", link("file:///etc/passwd"), /link href/],
    ["relative path", link("/settings"), /link href/],
    ["protocol-relative", link("//evil.example"), /link href/],
    ["bare host", link("evil.example"), /link href/],
    ["credentials in the URL", link("https://bank.example@evil.example/"), /link href/],
    ["empty href", link(""), /link href/],
    ["link target other than tiptap's", link("https://a.example", { target: "_self" }), /link/],
    ["link class", link("https://a.example", { class: "btn" }), /link/],
    ["link title", link("https://a.example", { title: "hi" }), /link/],
    ["link onclick", link("https://a.example", { onclick: "x()" }), /link does not allow "onclick"/],
    ["underline mark", withMark({ type: "underline" }), /mark type "underline" is not allowed/],
    ["textStyle mark", withMark({ type: "textStyle", attrs: { color: "red" } }), /mark type "textStyle"/],
    ["bold with attrs", withMark({ type: "bold", attrs: { style: "x" } }), /bold does not allow "attrs"/],
    ["the same mark twice", doc(paragraph(text("x", [{ type: "bold" }, { type: "bold" }]))), /same mark/],
    ["image node", doc({ type: "image", attrs: { src: "x" } }), /block type "image" is not allowed/],
    [
      "heading node",
      doc({ type: "heading", attrs: { level: 1 }, content: [text("x")] }),
      /block type "heading"/,
    ],
    ["script node", doc({ type: "script", text: "x" }), /block type "script"/],
    ["text directly in the doc", doc(text("x")), /block type "text"/],
    [
      "list item outside a list",
      doc(paragraph({ type: "listItem", content: [] })),
      /inline node type "listItem"/,
    ],
    [
      "paragraph directly in a list",
      doc({ type: "bulletList", content: [paragraph(text("x"))] }),
      /list item type "paragraph"/,
    ],
    ["empty list", doc({ type: "bulletList", content: [] }), /bulletList|content/],
    [
      "paragraph attrs",
      doc({ type: "paragraph", attrs: { textAlign: "left" } }),
      /paragraph does not allow "attrs"/,
    ],
    ["extra key on the doc", { type: "doc", content: [], onload: "x" }, /doc does not allow "onload"/],
    ["__proto__ key", protoKey, /doc does not allow "__proto__"/],
    ["ordered list starting at 0", doc({ type: "orderedList", attrs: { start: 0 }, content: [] }), /start/],
    ["ordered list start as text", doc({ type: "orderedList", attrs: { start: "1" }, content: [] }), /start/],
    ["ordered list type", doc({ type: "orderedList", attrs: { start: 1, type: "a" }, content: [] }), /type/],
    ["code block language markup", doc({ type: "codeBlock", attrs: { language: "<script>" } }), /language/],
    [
      "marks inside a code block",
      doc({ type: "codeBlock", content: [text("x", [{ type: "bold" }])] }),
      /code block text does not allow "marks"/,
    ],
    ["mention without attrs", doc(paragraph({ type: "mention" })), /attrs/],
    [
      "mention id with a path",
      doc(paragraph({ type: "mention", attrs: { id: "@/lib/admin", label: null } })),
      /mention id/,
    ],
    [
      "mention with extra attr",
      doc(paragraph({ type: "mention", attrs: { id: "u1", href: "x" } })),
      /mention does not allow "href"/,
    ],
    [
      "mention suggestion char #",
      doc(paragraph({ type: "mention", attrs: { id: "u1", mentionSuggestionChar: "#" } })),
      /mentionSuggestionChar/,
    ],
    ["text that is not a string", doc({ type: "paragraph", content: [{ type: "text", text: 42 }] }), /text/],
    ["empty text node", doc(paragraph(text(""))), /text/],
    ["content that is not an array", { type: "doc", content: { 0: paragraph(text("x")) } }, /content/],
    ["nine levels deep", nested(9), /nested more than 8 levels deep/],
    ["100,000-level content chain", deepChain(100_000, "content"), /nested more than 8 levels deep/],
    ["100,000-level attrs chain", deepChain(100_000, "attrs"), /nested too deeply/],
    [
      "2,001 nodes",
      doc(...Array.from({ length: 1_000 }, () => paragraph(text("x")))),
      /more than 2,000 nodes/,
    ],
    [
      "a million empty paragraphs",
      { type: "doc", content: Array.from({ length: 1_000_000 }, () => ({})) },
      /too large|more than 2,000/,
    ],
    ["text body with a type", { text: "hi", type: "doc" }, /./],
    ["a string", "just a string", /./],
    ["null", null, /./],
  ];

  it.each(cases)("refuses %s with invalid:body naming why", async (_name, input, reason) => {
    const error = await refused(input);
    expect(error.code).toBe("invalid:body");
    expect(error.status).toBe(400);
    expect(error.message).toMatch(reason);
  });

  // 100,000 levels would overflow the stack of a recursive walk.
  it("walks a hostile document iteratively", () => {
    expect(checkDocumentBounds(deepChain(100_000, "content"))).toMatch(/levels deep/);
  });
});

describe("safeHref", () => {
  it("keeps http, https and mailto links as the URL parser serialises them", () => {
    expect(safeHref(" HTTPS://Example.COM ")).toBe("https://example.com/");
    expect(safeHref("http://example.com/a b")).toBeNull();
    expect(safeHref("https://example.com/path?q=1#top")).toBe("https://example.com/path?q=1#top");
    expect(safeHref("mailto:ana@example.com")).toBe("mailto:ana@example.com");
    expect(safeHref("https://xn--80ak6aa92e.com/")).toBe("https://xn--80ak6aa92e.com/");
  });
});
