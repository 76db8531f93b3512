import net from "node:net";
import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { AppError, errorResponse } from "./errors";

/** The error pg's pool gives a query that waited too long for a connection, produced for real. */
async function poolTimeoutError(): Promise<unknown> {
  // A server that accepts and never answers: the pool's one connection never becomes ready.
  const silent = net.createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const { port } = silent.address() as net.AddressInfo;
  const pool = new pg.Pool({ host: "127.0.0.1", port, max: 1, connectionTimeoutMillis: 100 });
  try {
    const [, queued] = await Promise.allSettled([pool.query("SELECT 1"), pool.query("SELECT 1")]);
    return queued.status === "rejected" ? queued.reason : undefined;
  } finally {
    await pool.end().catch(() => {});
    silent.close();
  }
}

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

  it("answers 503 with Retry-After when the database is too busy to take the work in time", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const poolTimeout = await poolTimeoutError();
      expect(String((poolTimeout as Error).message)).toMatch(/timeout exceeded/);
      // Prisma's codes for "no connection came free" and "the transaction could not start in time".
      const prismaTimeouts = ["P2024", "P2028"].map((code) =>
        Object.assign(new Error("Transaction API error: Unable to start a transaction in the given time."), {
          code,
        }),
      );
      for (const error of [poolTimeout, ...prismaTimeouts]) {
        const response = errorResponse(error);
        expect(response.status).toBe(503);
        expect(response.headers.get("Retry-After")).toBe("1");
        expect((await response.json()).error.code).toBe("unavailable:busy");
      }
      expect(warn).toHaveBeenCalledTimes(3);
    } finally {
      warn.mockRestore();
    }
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
