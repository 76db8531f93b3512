import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { acquireDataDirLock } from "./data-dir-lock";
import { describePGliteOpenError } from "./errors";

export type DatabaseKind = "postgres" | "pglite";

export interface OpenDatabase {
  kind: DatabaseKind;
  client: PrismaClient;
  /** Set for the embedded database, so migrations can run on the same single connection. */
  pglite?: PGlite;
  close(): Promise<void>;
}

export function connectPostgres(url: string): OpenDatabase {
  const adapter = new PrismaPg({
    connectionString: url,
    // Fail fast when the server is down instead of waiting for the OS TCP timeout.
    connectionTimeoutMillis: 5_000,
    // pg closes a connection idle for 10 s by default. Under steady load the pool then shrinks
    // between bursts and regrows in the next one, and each new connection is a new server
    // process with cold caches: the delivery benchmark saw its slowest sends exactly when
    // connections were closed and reopened. Keep them for five minutes.
    idleTimeoutMillis: 300_000,
  });
  const client = new PrismaClient({ adapter });
  return { kind: "postgres", client, close: () => client.$disconnect() };
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
