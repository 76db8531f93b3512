import { describe, expect, it } from "vitest";
import { AppError, errorResponse } from "./errors";

describe("AppError", () => {
  it("derives the HTTP status from the code's kind", () => {
    expect(new AppError("forbidden:conversation").status).toBe(403);
    expect(new AppError("not_found:message").status).toBe(404);
    expect(new AppError("rate_limited:send").status).toBe(429);
    expect(new AppError("invalid:body").status).toBe(400);
  });

  it("answers with the code, a safe message and Retry-After when rate limited", async () => {
    const response = errorResponse(
      new AppError("rate_limited:sign-in", "Too many attempts.", { retryAfter: 41.2 }),
    );
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toBe("42");
    expect(await response.json()).toEqual({
      error: { code: "rate_limited:sign-in", message: "Too many attempts." },
    });
  });

  it("hides unknown errors behind a generic 500", async () => {
    const original = console.error;
    console.error = () => {};
    try {
      const response = errorResponse(new Error('relation "User" does not exist'));
      expect(response.status).toBe(500);
      expect(JSON.stringify(await response.json())).not.toContain("relation");
    } finally {
      console.error = original;
    }
  });
});
