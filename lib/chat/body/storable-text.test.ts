import { describe, expect, it } from "vitest";
import { normalizeMessageBody } from "./prepare";
import { hasUnstorableText } from "./storable-text";

describe("hasUnstorableText", () => {
  it("finds NUL and lone surrogates anywhere in a document, keys included", () => {
    expect(hasUnstorableText({ text: "a\u0000b" })).toBe(true);
    expect(hasUnstorableText({ type: "doc", content: [{ type: "text", text: "\uD800x" }] })).toBe(true);
    expect(hasUnstorableText(["\uDFFF"])).toBe(true);
    expect(hasUnstorableText({ "k\u0000": 1 })).toBe(true);
  });

  it("accepts pairs, emoji, control characters PostgreSQL stores, and the six characters \\u0000", () => {
    expect(hasUnstorableText({ text: "😀 👩‍👩‍👧‍👦 \u0001\u001b[31m \\u0000 \uFEFF" })).toBe(false);
  });

  it("makes the body a 400, not a database error", () => {
    expect(() => normalizeMessageBody({ text: "<img src=x onerror=alert(1)>\u0000" })).toThrow(
      expect.objectContaining({ code: "invalid:body" }),
    );
  });
});
