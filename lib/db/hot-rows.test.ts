import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { hotRows } from "./index";

// hotRows must read exactly what the client's $queryRaw reads for the same statement, whatever
// the process's time zone (on PostgreSQL it bypasses the ORM and parses rows itself).

let database: TestDatabase;
const savedTz = process.env.TZ;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  process.env.TZ = savedTz;
  await database.drop();
});

function probe(at: Date, label: string) {
  return Prisma.sql`
    SELECT ${at}::timestamp(3) AS at, ${label} AS label, ${at}::timestamp(3) = ${"2026-03-29 01:30:00.250"}::timestamp AS "isUtc",
           42::int AS n, true AS yes, ${JSON.stringify({ a: [1, "b"] })}::jsonb AS doc, NULL::text AS nothing`;
}

describe("hotRows", () => {
  for (const tz of ["UTC", "America/New_York", "Asia/Kolkata"]) {
    it(`reads and writes timestamps as UTC like the client does (TZ=${tz})`, async () => {
      process.env.TZ = tz;
      // A moment that does not exist in some zones' local time (a DST gap in Europe).
      const at = new Date("2026-03-29T01:30:00.250Z");
      const [hot] = await hotRows<Record<string, unknown>>(probe(at, "x"));
      const [orm] = await database.db.$queryRaw<Record<string, unknown>[]>(probe(at, "x"));
      expect(hot).toEqual(orm);
      expect(hot).toEqual({
        at,
        label: "x",
        isUtc: true,
        n: 42,
        yes: true,
        doc: { a: [1, "b"] },
        nothing: null,
      });
    });
  }

  it("runs the same and different statements side by side without mixing them up", async () => {
    // On PostgreSQL each text becomes a prepared statement on every connection that runs it.
    const calls = Array.from({ length: 30 }, (_, i) =>
      i % 3 === 0
        ? hotRows<{ v: number }>(Prisma.sql`SELECT ${i}::int AS v`)
        : i % 3 === 1
          ? hotRows<{ v: number }>(Prisma.sql`SELECT ${i}::int + 0 AS v`)
          : hotRows<{ v: number }>(Prisma.sql`SELECT ${i}::int * 1 AS v`),
    );
    expect((await Promise.all(calls)).map((rows) => rows[0]?.v)).toEqual(
      Array.from({ length: 30 }, (_, i) => i),
    );
  });

  it("reports a failing statement as an error and stays usable", async () => {
    await expect(hotRows(Prisma.sql`SELECT 1 / ${0}::int AS v`)).rejects.toThrow(/division by zero/);
    expect(await hotRows<{ v: number }>(Prisma.sql`SELECT 1 / ${1}::int AS v`)).toEqual([{ v: 1 }]);
  });
});

describe.runIf(process.env.DATABASE_URL)("the pool behind hotRows (PostgreSQL)", () => {
  it("survives the server ending its idle connections, and works on", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      await Promise.all([1, 2, 3].map((n) => hotRows(Prisma.sql`SELECT ${n}::int AS v, pg_sleep(0.05)`)));
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      try {
        const { rowCount } = await admin.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
        );
        expect(rowCount).toBeGreaterThan(0);
      } finally {
        await admin.end();
      }
      // The pool hears of each ended connection as an "error" event: logged, not fatal.
      await vi.waitFor(() =>
        expect(warn).toHaveBeenCalledWith(expect.stringMatching(/ended an idle connection/)),
      );
      expect(await hotRows<{ v: number }>(Prisma.sql`SELECT ${7}::int AS v`)).toEqual([{ v: 7 }]);
      expect(await database.db.user.count()).toBeGreaterThanOrEqual(0);
    } finally {
      warn.mockRestore();
    }
  });
});
