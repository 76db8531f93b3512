import { describe, expect, it } from "vitest";
import { composeDoc } from "./compose-doc";

const text = (value: string) => ({ type: "text", text: value });
const paragraph = (...content: object[]) =>
  content.length ? { type: "paragraph", content } : { type: "paragraph" };

describe("composeDoc", () => {
  it("returns null for an empty or blank document", () => {
    expect(composeDoc({ type: "doc", content: [paragraph()] })).toBeNull();
    expect(composeDoc({ type: "doc", content: [paragraph(text("   ")), paragraph()] })).toBeNull();
  });

  it("drops blank paragraphs around the message but keeps those inside it", () => {
    const doc = composeDoc({
      type: "doc",
      content: [paragraph(), paragraph(text("a")), paragraph(), paragraph(text("b")), paragraph()],
    });
    expect(doc?.content).toEqual([paragraph(text("a")), paragraph(), paragraph(text("b"))]);
  });

  it("keeps a message that is only a mention", () => {
    const mention = { type: "mention", attrs: { id: "u1", label: "ben" } };
    expect(composeDoc({ type: "doc", content: [paragraph(mention)] })?.content).toHaveLength(1);
  });

  it("repairs pasted list numbering and code languages the server would refuse", () => {
    const doc = composeDoc({
      type: "doc",
      content: [
        { type: "orderedList", attrs: { start: 0, type: "a" }, content: [] },
        { type: "orderedList", attrs: { start: 3, type: null }, content: [] },
        { type: "codeBlock", attrs: { language: "TypeScript" }, content: [text("x")] },
        { type: "codeBlock", attrs: { language: "c sharp" }, content: [text("y")] },
        {
          type: "blockquote",
          content: [{ type: "codeBlock", attrs: { language: null }, content: [text("z")] }],
        },
      ],
    });
    expect(doc?.content.map((block) => ("attrs" in block ? block.attrs : undefined))).toEqual([
      { start: 1, type: null },
      { start: 3, type: null },
      { language: "typescript" },
      { language: null },
      undefined,
    ]);
    expect(doc?.content[4]).toEqual({
      type: "blockquote",
      content: [{ type: "codeBlock", attrs: { language: null }, content: [text("z")] }],
    });
  });
});
