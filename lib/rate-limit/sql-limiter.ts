import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { Prisma } from "@/lib/generated/prisma/client";

/** Runs one statement and returns its rows: lib/db's hotRows, or a test database's. */
export type SqlRows = <T>(query: Prisma.Sql) => Promise<T[]>;

interface CounterRow {
  points: number;
  /** Milliseconds since the epoch, or null for a counter that never expires. */
  expireMs: number | null;
}

// Times cross as epoch milliseconds, never as Date parameters: a timestamptz compared with a
// zone-less parameter would depend on the session's TimeZone.
const EXPIRE_MS = Prisma.sql`(extract(epoch FROM expire) * 1000)::float8 AS "expireMs"`;

/**
 * rate-limiter-flexible's store contract on the RateLimiterFlexible table in ONE statement per
 * consume (an upsert that restarts an expired window), by the same fast path as the send itself.
 * The library's Prisma store takes a delete and an upsert through the ORM for each: on the send
 * path that doubled the cost of a limit check. Built on that store (the library exports no bare
 * store base class) with its four store methods replaced; its own cleanup timer stays off.
 */
export class RateLimiterSql extends RateLimiterPrisma {
  private readonly rows: SqlRows;

  constructor(options: {
    rows: SqlRows;
    keyPrefix: string;
    points: number;
    duration: number;
    inMemoryBlockOnConsumed?: number;
  }) {
    const { rows, ...rest } = options;
    super({ ...rest, storeClient: rows, clearExpiredByTimeout: false } as ConstructorParameters<
      typeof RateLimiterPrisma
    >[0]);
    this.rows = rows;
    scheduleCleanup(rows);
  }

  _getRateLimiterRes(_key: string, changedPoints: number, row: CounterRow): RateLimiterRes {
    return new RateLimiterRes(
      Math.max(this.points - row.points, 0),
      row.expireMs === null ? -1 : Math.max(row.expireMs - Date.now(), 0),
      row.points,
      row.points === changedPoints,
    );
  }

  async _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<CounterRow> {
    const now = Date.now();
    const expire = msDuration > 0 ? now + msDuration : null;
    // An expired counter (or a forced one) starts a new window; any other is incremented in
    // place, so concurrent requests on several app nodes are all counted.
    const restart = forceExpire
      ? Prisma.sql`true`
      : Prisma.sql`(r.expire IS NOT NULL AND r.expire <= to_timestamp(${now}::float8 / 1000))`;
    const [row] = await this.rows<CounterRow>(Prisma.sql`
      INSERT INTO "RateLimiterFlexible" AS r (key, points, expire)
      VALUES (${key}, ${points}::int, to_timestamp(${expire}::float8 / 1000))
      ON CONFLICT (key) DO UPDATE SET
        points = CASE WHEN ${restart} THEN excluded.points ELSE r.points + excluded.points END,
        expire = CASE WHEN ${restart} THEN excluded.expire ELSE r.expire END
      RETURNING points, ${EXPIRE_MS}`);
    if (!row) throw new Error("The rate-limit counter was not written.");
    return row;
  }

  async _get(key: string): Promise<CounterRow | null> {
    const [row] = await this.rows<CounterRow>(Prisma.sql`
      SELECT points, ${EXPIRE_MS} FROM "RateLimiterFlexible"
      WHERE key = ${key} AND (expire IS NULL OR expire > to_timestamp(${Date.now()}::float8 / 1000))`);
    return row ?? null;
  }

  async _delete(key: string): Promise<boolean> {
    const rows = await this.rows<{ key: string }>(
      Prisma.sql`DELETE FROM "RateLimiterFlexible" WHERE key = ${key} RETURNING key`,
    );
    return rows.length > 0;
  }
}

const cleaned = new WeakSet<SqlRows>();
const CLEANUP_EVERY_MS = 5 * 60_000;

/** Counters that expired over an hour ago are deleted every five minutes, once per database. */
function scheduleCleanup(rows: SqlRows): void {
  if (cleaned.has(rows)) return;
  cleaned.add(rows);
  const timer = setInterval(() => {
    rows(
      Prisma.sql`DELETE FROM "RateLimiterFlexible" WHERE expire < to_timestamp(${Date.now() - 3_600_000}::float8 / 1000)`,
    ).catch((error: unknown) => console.warn("Could not delete expired rate-limit counters:", error));
  }, CLEANUP_EVERY_MS);
  timer.unref();
}
