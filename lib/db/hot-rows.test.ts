import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
