import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";

describe("safeCallbackUrl", () => {
  it("keeps paths on this site, with their query", () => {
    expect(safeCallbackUrl("/friends")).toBe("/friends");
    expect(safeCallbackUrl("/c/abc?jump=1#m2")).toBe("/c/abc?jump=1#m2");
  });

  it.each([
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
    "",
    undefined,
    42,
    "/sign-in?callbackUrl=/",
    "/sign-up",
  ])("falls back to / for %j", (value) => {
    expect(safeCallbackUrl(value)).toBe("/");
  });
});
