import { describe, expect, it } from "vitest";
import { refusal } from "@/tests/support/refusal";
import { docFromText, toPlainText } from "./body";
import { normalizeMessageBody } from "./message-body";

describe("docFromText / toPlainText", () => {
  it("splits paragraphs on blank lines and keeps single newlines as hard breaks", () => {
    const doc = docFromText("Hello\nthere\n\nSecond paragraph");
    expect(doc).toEqual({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [{ type: "text", text: "Hello" }, { type: "hardBreak" }, { type: "text", text: "there" }],
        },
        { type: "paragraph", content: [{ type: "text", text: "Second paragraph" }] },
      ],
    });
    expect(toPlainText(doc)).toBe("Hello\nthere\nSecond paragraph");
  });
});

describe("normalizeMessageBody", () => {
  const error = (input: unknown) => refusal(Promise.resolve().then(() => normalizeMessageBody(input)));

  it("accepts an editor document and derives its plain text", () => {
    const doc = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "hi" }] }] };
    expect(normalizeMessageBody(doc)).toEqual({ doc, plainText: "hi" });
  });

  it("refuses empty and whitespace-only messages", async () => {
    expect((await error({ text: "" })).code).toBe("invalid:body");
    expect((await error({ text: " \n\n \t " })).message).toBe("A message cannot be empty.");
    expect((await error({ type: "doc", content: [{ type: "paragraph" }] })).code).toBe("invalid:body");
  });

  it("allows exactly 4,000 characters (counted as code points) and refuses one more", async () => {
    expect(normalizeMessageBody({ text: "😀".repeat(4_000) }).plainText).toHaveLength(8_000);
    const tooLong = await error({ text: "a".repeat(4_001) });
    expect(tooLong.code).toBe("invalid:body");
    expect(tooLong.message).toContain("4,000");
  });

  it("refuses node types and attributes outside the allow-list", async () => {
    const withImage = { type: "doc", content: [{ type: "image", attrs: { src: "x" } }] };
    const withMark = {
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "bold" }] }] }],
    };
    const withExtraKey = { type: "doc", content: [], onload: "x" };
    for (const input of [withImage, withMark, withExtraKey, "just a string", null]) {
      expect((await error(input)).code).toBe("invalid:body");
    }
  });
});
