import "server-only";
import { type Db, getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { getFileStorage } from "./index";
import type { FileStorage } from "./storage";

// Removing attachments: the rows first (one DELETE … RETURNING, so a row is either claimed by a
// send or deleted, never both), then their files. A file left behind by a crash in between is
// harmless; a row pointing at a deleted file would not be.

export interface StoredKeys {
  storageKey: string;
  thumbnailKey: string | null;
}

/** How long an upload may wait for the message it was meant for. */
export const ORPHAN_AGE_MS = 24 * 60 * 60 * 1000;
/** The cleanup runs at most this often per process (on uploads). */
export const ORPHAN_SWEEP_INTERVAL_MS = 5 * 60 * 1000;
const ORPHAN_BATCH = 500;

const returningKeys = Prisma.sql`RETURNING "storageKey", "thumbnailKey"`;

/** The statement deleting a message's attachment rows (run in the message deletion's transaction). */
export function deleteMessageAttachmentsSql(messageId: string): Prisma.Sql {
  return Prisma.sql`DELETE FROM "Attachment" WHERE "messageId" = ${messageId} ${returningKeys}`;
}

/** The statement deleting every attachment row a person uploaded (run in the account deletion). */
export function deleteUploadsOfSql(uploaderId: string): Prisma.Sql {
  return Prisma.sql`DELETE FROM "Attachment" WHERE "uploaderId" = ${uploaderId} ${returningKeys}`;
}

/** Deletes the stored files of removed rows. */
export async function deleteStoredFiles(rows: StoredKeys[], storage: FileStorage = getFileStorage()) {
  for (const row of rows) {
    await storage.delete(row.storageKey);
    if (row.thumbnailKey) await storage.delete(row.thumbnailKey);
  }
}

/** Deletes uploads never claimed by a sent message and older than a day; returns how many. */
export async function deleteOrphanedAttachments({
  db = getDb(),
  storage = getFileStorage(),
  now = new Date(),
}: {
  db?: Db;
  storage?: FileStorage;
  now?: Date;
} = {}): Promise<number> {
  const cutoff = new Date(now.getTime() - ORPHAN_AGE_MS);
  let total = 0;
  for (;;) {
    // Oldest first along the Attachment(messageId, createdAt) index, in bounded batches.
    const rows = await db.$queryRaw<StoredKeys[]>(Prisma.sql`
      DELETE FROM "Attachment" WHERE id IN (
        SELECT id FROM "Attachment"
        WHERE "messageId" IS NULL AND "createdAt" < ${cutoff}
        ORDER BY "createdAt" LIMIT ${ORPHAN_BATCH}
      ) ${returningKeys}`);
    await deleteStoredFiles(rows, storage);
    total += rows.length;
    if (rows.length < ORPHAN_BATCH) return total;
  }
}

let lastSweep = 0;

/**
 * Runs deleteOrphanedAttachments when this process has not in the last few minutes. Uploads call
 * it: orphans only arise from uploads, so a server nobody uploads to has nothing to clean. A failed
 * sweep is logged and the upload that triggered it stands.
 */
export async function deleteOrphansIfDue({
  storage,
  now = new Date(),
}: {
  storage?: FileStorage;
  now?: Date;
} = {}): Promise<void> {
  if (now.getTime() - lastSweep < ORPHAN_SWEEP_INTERVAL_MS) return;
  lastSweep = now.getTime();
  try {
    await deleteOrphanedAttachments({ storage, now });
  } catch (error) {
    console.error("Deleting orphaned uploads failed:", error);
  }
}

/** Tests: let the next upload sweep again. */
export function resetOrphanSweepForTests(): void {
  lastSweep = 0;
}
