import { describe, expect, it } from "vitest";
import { asNode, codeLanguage, positiveInt, textOf } from "./rich-node";

describe("asNode", () => {
  it("keeps well-formed fields and drops malformed ones", () => {
    const node = asNode({
      type: "paragraph",
      attrs: "nope",
      content: [{ type: "text", text: "hi", marks: [{ type: "bold" }, 3, { attrs: {} }] }, null, "x"],
    });
    expect(node?.attrs).toEqual({});
    expect(node?.content).toHaveLength(1);
    expect(node?.content[0]?.marks).toEqual([{ type: "bold", attrs: {} }]);
  });

  it("is null for anything that is not a node", () => {
    expect(asNode(null)).toBeNull();
    expect(asNode("doc")).toBeNull();
    expect(asNode([])).toBeNull();
    expect(asNode({ type: 1 })).toBeNull();
  });
});

describe("textOf", () => {
  it("puts blocks on their own lines and keeps inline content together", () => {
    const doc = asNode({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [{ type: "text", text: "a" }, { type: "hardBreak" }, { type: "text", text: "b" }],
        },
        {
          type: "bulletList",
          content: [
            { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "one" }] }] },
            { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "two" }] }] },
          ],
        },
        { type: "paragraph", content: [{ type: "mention", attrs: { id: "u1", label: "ana" } }] },
      ],
    });
    expect(doc && textOf(doc)).toBe("a\nb\none\ntwo\n@ana");
  });

  it("reads the text inside nodes it does not know", () => {
    const node = asNode({
      type: "table",
      content: [{ type: "tableCell", content: [{ type: "text", text: "x" }] }],
    });
    expect(node && textOf(node)).toBe("x");
  });
});

describe("attribute checks", () => {
  it("accepts only positive integer list starts", () => {
    expect(positiveInt(3, 1)).toBe(3);
    expect(positiveInt(0, 1)).toBe(1);
    expect(positiveInt(2.5, 1)).toBe(1);
    expect(positiveInt("4", 1)).toBe(1);
  });

  it("accepts only plain language names", () => {
    expect(codeLanguage("typescript")).toBe("typescript");
    expect(codeLanguage("c++")).toBe("c++");
    expect(codeLanguage('js" onclick="x')).toBeNull();
    expect(codeLanguage(null)).toBeNull();
  });
});
