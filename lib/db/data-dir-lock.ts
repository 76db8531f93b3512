import fs from "node:fs";
import path from "node:path";
import { DatabaseError } from "./errors";

// PGlite is a single-process Postgres: two processes opening the same folder corrupt it. A lock
// file beside the folder holds the owner's PID; a lock left by a dead process is taken over, a
// live one is refused. Data is never deleted here.

export class DataDirLockedError extends DatabaseError {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `The embedded database at ${dataDir} is in use by another process (PID ${ownerPid}). Stop that Parley process, or set DATABASE_URL to use PostgreSQL. If PID ${ownerPid} is not Parley, delete ${dataDir}.lock.`,
    );
  }
}

// Locks this process holds. A lock file naming our own PID that is not in here is stale: in a
// container the app is often PID 1 on every start.
const globalLocks = globalThis as { __parleyDataDirLocks?: Set<string> };
globalLocks.__parleyDataDirLocks ??= new Set();
const held = globalLocks.__parleyDataDirLocks;

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(file: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, "utf8").trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = `${dataDir}.lock`;
  if (held.has(file)) {
    throw new Error(`The embedded database at ${dataDir} is already open in this process; use getDb().`);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
      return createHandle(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = readOwner(file);
    if (owner !== undefined && owner !== process.pid && isAlive(owner))
      throw new DataDirLockedError(dataDir, owner);
    // Stale (owner gone) or half-written: remove and race for it again with an exclusive create.
    fs.rmSync(file, { force: true });
  }
  throw new Error(`Could not take the lock ${file}; another process keeps replacing it.`);
}

function createHandle(file: string): DataDirLock {
  held.add(file);
  const release = () => {
    process.off("exit", release);
    if (!held.delete(file)) return;
    if (readOwner(file) === process.pid) fs.rmSync(file, { force: true });
  };
  // A crash leaves the file behind, which the next start detects as stale; a normal exit cleans up.
  process.on("exit", release);
  return { file, release };
}
