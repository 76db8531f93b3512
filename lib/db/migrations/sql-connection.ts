import type { PGlite, Transaction } from "@electric-sql/pglite";
import type pg from "pg";

/**
 * The one connection migrations run on. Both engines accept several statements in one `exec`
 * (pg uses the simple query protocol when there are no parameters), which is what committed
 * migration files need.
 */
export interface SqlConnection {
  exec(sql: string): Promise<void>;
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs `work` in a transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: SqlConnection) => Promise<T>): Promise<T>;
}

export function fromPgClient(client: pg.Client): SqlConnection {
  const conn: SqlConnection = {
    async exec(sql) {
      await client.query(sql);
    },
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await client.query(sql, params);
      return result.rows as Row[];
    },
    async transaction(work) {
      await client.query("BEGIN");
      try {
        const result = await work(conn);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        // The original error is the one worth reporting; if ROLLBACK fails too, the connection
        // is gone and the server discards the transaction anyway.
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      }
    },
  };
  return conn;
}

function fromPGliteQueryable(db: PGlite | Transaction): Omit<SqlConnection, "transaction"> {
  return {
    async exec(sql) {
      await db.exec(sql);
    },
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await db.query<Row>(sql, params);
      return result.rows;
    },
  };
}

export function fromPGlite(db: PGlite): SqlConnection {
  return {
    ...fromPGliteQueryable(db),
    // PGlite's own transaction() holds its connection for the duration, so queries from
    // elsewhere in the process (Prisma on the same instance) wait instead of joining it.
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          ...fromPGliteQueryable(tx),
          transaction: () => Promise.reject(new Error("Nested transactions are not supported.")),
        }),
      ),
  };
}
