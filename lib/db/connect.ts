import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { PostgresConfig } from "@/lib/env";
import { type Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { acquireDataDirLock } from "./data-dir-lock";
import { describePGliteOpenError } from "./errors";

export type DatabaseKind = "postgres" | "pglite";

export interface OpenDatabase {
  kind: DatabaseKind;
  client: PrismaClient;
  /** Set for the embedded database, so migrations can run on the same single connection. */
  pglite?: PGlite;
  /**
   * Runs one raw statement and returns its rows, as `client.$queryRaw` would for the column types
   * the hot statements use (text, boolean, int4, timestamp → Date, jsonb → value). On PostgreSQL
   * it goes straight to the pool, as a named prepared statement: the ORM's raw-query path costs
   * about twice the client CPU of the driver's, and a prepared statement is parsed and planned
   * once per connection instead of on every call. Only for statements run on every request
   * (session check, send, sidebar rows); everything else goes through the client. Behind a
   * transaction pooler the statement is unnamed (see poolHotRows).
   */
  hotRows<T>(query: Prisma.Sql): Promise<T[]>;
  close(): Promise<void>;
}

/** Falls back to the client's raw query (the embedded database, test doubles). */
export function clientHotRows(client: PrismaClient): OpenDatabase["hotRows"] {
  return <T>(query: Prisma.Sql) => client.$queryRaw<T[]>(query);
}

// "timestamp" columns hold UTC (as Prisma writes them); pg would read them as local time.
const TIMESTAMP_OID = 1114;
const parseUtcTimestamp = (value: string) => new Date(`${value.replace(" ", "T")}Z`);
const hotTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID
      ? parseUtcTimestamp
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

// A statement's text names its prepared statement; a few texts only (the call sites above), but
// bounded all the same: past the limit a new text runs unnamed rather than grow every connection.
const MAX_PREPARED = 64;

/**
 * `hotRows` on a pg pool: see OpenDatabase. With `namedStatements` off (behind a transaction
 * pooler, where consecutive statements of one client may land on different server connections,
 * and a name prepared on one is missing or taken on another) every statement runs unnamed: still
 * the driver's short path, parsed and planned on each call.
 */
function poolHotRows(
  pool: pg.Pool,
  { namedStatements }: { namedStatements: boolean },
): OpenDatabase["hotRows"] {
  const names = new Map<string, string>();
  return async <T>(query: Prisma.Sql) => {
    const text = query.text;
    let name = namedStatements ? names.get(text) : undefined;
    if (namedStatements && name === undefined && names.size < MAX_PREPARED) {
      name = `parley_hot_${names.size + 1}`;
      names.set(text, name);
    }
    // Dates as UTC without a zone, as Prisma sends them: a "timestamp" parameter ignores a zone.
    const values = query.values.map((value) =>
      value instanceof Date ? value.toISOString().slice(0, -1) : value,
    );
    const result = await pool.query({ name, text, values, types: hotTypes });
    return result.rows as T[];
  };
}

export type PostgresOptions = Pick<
  PostgresConfig,
  "url" | "isTransactionPooler" | "poolMax" | "idleTimeoutMs"
>;

/**
 * The app's pool. Prisma's pg adapter never names its statements, and nothing here keeps session
 * state (no SET, LISTEN or session advisory locks: migrations connect on their own, see
 * migrate.ts), so behind a transaction pooler only hotRows has to change.
 */
export function connectPostgres(options: PostgresOptions): OpenDatabase {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax,
    // Fail fast when the server is down instead of waiting for the OS TCP timeout.
    connectionTimeoutMillis: 5_000,
    // See PostgresConfig.idleTimeoutMs (lib/env.ts) for why these durations.
    idleTimeoutMillis: options.idleTimeoutMs,
  });
  let isClosing = false;
  // An idle connection the server ended (a restart, an administrator, a dropped network): the pool
  // forgets it and opens another when needed. Unheard, the pool's "error" event would end the
  // process; once closing, it is only the server answering our own goodbye late.
  pool.on("error", (error) => {
    if (!isClosing) console.warn(`PostgreSQL ended an idle connection: ${error.message}`);
  });
  // One pool for the ORM and for hotRows.
  const client = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: "postgres",
    client,
    hotRows: poolHotRows(pool, { namedStatements: !options.isTransactionPooler }),
    async close() {
      isClosing = true;
      await client.$disconnect();
      if (!pool.ended) await pool.end();
    },
  };
}

/** Opens the embedded database folder; PGlite itself starts lazily on the first query. */
export function connectPGlite(dir: string): OpenDatabase {
  const lock = acquireDataDirLock(dir);
  fs.mkdirSync(dir, { recursive: true });
  const pglite = new PGlite(dir, { extensions: { pg_trgm } });
  // Queries reject on their own if start-up fails; this adds the one line that says why.
  pglite.waitReady.catch((error: unknown) => {
    console.error(describePGliteOpenError(error, dir).message);
  });
  const client = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    kind: "pglite",
    client,
    pglite,
    hotRows: clientHotRows(client),
    async close() {
      try {
        await client.$disconnect();
        await pglite.close();
      } finally {
        lock.release();
      }
    },
  };
}
