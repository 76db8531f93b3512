import { describe, expect, it } from "vitest";
import { linkTarget } from "./link-target";

describe("linkTarget", () => {
  it("keeps http, https and mailto links, normalised as the browser would", () => {
    expect(linkTarget("https://example.com/a?b=1#c")).toBe("https://example.com/a?b=1#c");
    expect(linkTarget("  HTTP://Example.com ")).toBe("http://example.com/");
    expect(linkTarget("mailto:ana@example.com")).toBe("mailto:ana@example.com");
  });

  it("refuses script and data schemes in any disguise", () => {
    for (const href of [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      " javascript:alert(1)",
      "java\tscript:alert(1)",
      "java\nscript:alert(1)",
      "\u0001javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "file:///etc/passwd",
    ]) {
      expect(linkTarget(href), href).toBeNull();
    }
  });

  it("refuses relative, hostless and non-string targets", () => {
    expect(linkTarget("/settings")).toBeNull();
    expect(linkTarget("//evil.example")).toBeNull();
    expect(linkTarget("https:")).toBeNull();
    expect(linkTarget("")).toBeNull();
    expect(linkTarget(undefined)).toBeNull();
    expect(linkTarget({ href: "https://example.com" })).toBeNull();
  });
});
