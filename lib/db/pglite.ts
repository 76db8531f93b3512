import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { acquireDataDirLock } from "./data-dir-lock";
import { describePGliteOpenError } from "./errors";

// Every PGlite Parley opens loads the same extensions the migrations create, so the embedded
// database runs exactly the SQL PostgreSQL runs.
const extensions = { pg_trgm };

// initdb inside WebAssembly takes seconds; restoring a snapshot of a freshly initialised cluster
// takes about a third of that. Tests and migration generation open many throwaway databases.
let freshCluster: Promise<File | Blob> | undefined;

async function snapshotFreshCluster(): Promise<File | Blob> {
  const db = await PGlite.create({ extensions });
  try {
    return await db.dumpDataDir("none");
  } finally {
    await db.close();
  }
}

/** A throwaway, empty database that lives in memory (tests, migration generation). */
export async function createMemoryPGlite(): Promise<PGlite> {
  freshCluster ??= snapshotFreshCluster();
  return PGlite.create({ extensions, loadDataDir: await freshCluster });
}

export interface PersistentPGlite {
  db: PGlite;
  close(): Promise<void>;
}

/** Opens (creating if needed) the database folder `dir`, refusing if another process has it. */
export async function openPGliteDir(dir: string): Promise<PersistentPGlite> {
  const lock = acquireDataDirLock(dir);
  let db: PGlite;
  try {
    fs.mkdirSync(dir, { recursive: true });
    db = await PGlite.create(dir, { extensions });
  } catch (error) {
    lock.release();
    throw describePGliteOpenError(error, dir);
  }
  return {
    db,
    async close() {
      try {
        await db.close();
      } finally {
        lock.release();
      }
    },
  };
}
