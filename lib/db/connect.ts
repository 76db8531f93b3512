import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
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
   * (session check, send, sidebar rows); everything else goes through the client.
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

/** `hotRows` on a pg pool: see OpenDatabase. */
function poolHotRows(pool: pg.Pool): OpenDatabase["hotRows"] {
  const names = new Map<string, string>();
  return async <T>(query: Prisma.Sql) => {
    const text = query.text;
    let name = names.get(text);
    if (name === undefined && names.size < MAX_PREPARED) {
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

export function connectPostgres(url: string): OpenDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    // Fail fast when the server is down instead of waiting for the OS TCP timeout.
    connectionTimeoutMillis: 5_000,
    // pg closes a connection idle for 10 s by default. Under steady load the pool then shrinks
    // between bursts and regrows in the next one, and each new connection is a new server
    // process with cold caches, slow for its first queries (bench/README.md). Keep them for five
    // minutes.
    idleTimeoutMillis: 300_000,
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
    hotRows: poolHotRows(pool),
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
