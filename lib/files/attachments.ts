import "server-only";
import type { Actor } from "@/lib/accounts/types";
import { requireWritableMembership } from "@/lib/chat/access/membership";
import type { AttachmentDto } from "@/lib/chat/dto";
import { type Db, getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { attachmentSelect, toAttachmentDto } from "./attachment-dto";
import { formatBytes } from "./format-bytes";
import { describeImage } from "./images";
import { newFileKey } from "./keys";
import { getUploadLimits, type UploadLimits } from "./limits";
import { sanitizeFileName, THUMBNAIL_TYPES } from "./policy";
import { readHead, sniffAcceptedType } from "./sniff";
import type { FileStorage } from "./storage";

// The part of an upload both drivers share. The local route streams the body to disk and then
// calls recordUploadedAttachment; the uploadthing driver calls assertMayUpload in its middleware
// (before the browser uploads) and recordUploadedAttachment when the upload completes. Either
// way the row is written last, and a refusal deletes what was stored: nothing partial remains.

type Tx = Prisma.TransactionClient;

/** Bytes of attachments the person has stored (sent or not): what the quota counts. */
async function storedBytes(db: Tx | Db, uploaderId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ used: bigint | number | null }[]>(
    Prisma.sql`SELECT COALESCE(SUM(size), 0)::bigint AS used FROM "Attachment" WHERE "uploaderId" = ${uploaderId}`,
  );
  return Number(row?.used ?? 0);
}

export function quotaError(limits: UploadLimits, used: number): AppError {
  return new AppError(
    "too_large:quota",
    `You have used ${formatBytes(used)} of your ${formatBytes(limits.quotaBytesPerUser)} of file storage. Delete some messages with files to make room.`,
  );
}

export function fileTooLargeError(limits: UploadLimits): AppError {
  return new AppError(
    "too_large:file",
    `That file is too large (at most ${formatBytes(limits.maxFileBytes)}).`,
  );
}

export interface UploadAllowance {
  /** The most bytes this upload may have: the file limit, or what is left of the quota. */
  maxBytes: number;
  /** Which limit maxBytes is, so a stream cut short is refused with the right message. */
  limitedBy: "file" | "quota";
  used: number;
}

/**
 * Whether the actor may upload `size` bytes (0 when not yet known) to the conversation: a member
 * who may write there (else 404 / 403 as for sending), within the file size limit and their quota.
 */
export async function assertMayUpload({
  actor,
  conversationId,
  size,
  db = getDb(),
  limits = getUploadLimits(),
}: {
  actor: Actor;
  conversationId: string;
  size: number;
  db?: Tx | Db;
  limits?: UploadLimits;
}): Promise<UploadAllowance> {
  await requireWritableMembership({ actorId: actor.id, conversationId, db: db as Tx });
  if (size > limits.maxFileBytes) throw fileTooLargeError(limits);
  const used = await storedBytes(db, actor.id);
  const left = limits.quotaBytesPerUser - used;
  if (left <= 0 || size > left) throw quotaError(limits, used);
  return left < limits.maxFileBytes
    ? { maxBytes: left, limitedBy: "quota", used }
    : { maxBytes: limits.maxFileBytes, limitedBy: "file", used };
}

/**
 * Records a file already in storage under `key` as an unsent attachment of the actor in the
 * conversation: sniffs its type and checks it against the name (415 otherwise), makes the
 * thumbnail and ThumbHash of an image, re-checks membership and quota, and writes the row. On any
 * refusal the stored file (and thumbnail) are deleted before the error is thrown.
 */
export async function recordUploadedAttachment({
  storage,
  actor,
  conversationId,
  key,
  name,
  size,
  bytes,
  db = getDb(),
  limits = getUploadLimits(),
}: {
  storage: FileStorage;
  actor: Actor;
  conversationId: string;
  key: string;
  /** As the person named it; sanitised here. */
  name: string;
  size: number;
  /** The file's bytes when the caller has them; otherwise they are read from storage as needed. */
  bytes?: Uint8Array;
  db?: Db;
  limits?: UploadLimits;
}): Promise<AttachmentDto> {
  let thumbnailKey: string | null = null;
  try {
    const fileName = sanitizeFileName(name);
    if (!fileName) throw new AppError("invalid:file", "The file needs a name.");
    if (size <= 0) throw new AppError("invalid:file", `${fileName} is empty.`);
    if (size > limits.maxFileBytes) throw fileTooLargeError(limits);

    const mimeType = await sniffAcceptedType(
      fileName,
      bytes?.subarray(0, 4100) ?? (await readHead(storage, key)),
    );
    let image: Awaited<ReturnType<typeof describeImage>> | null = null;
    if (THUMBNAIL_TYPES.has(mimeType)) {
      const full = bytes ?? (await storage.get(key))?.bytes;
      if (!full) throw new AppError("invalid:file", "The uploaded file was not found.");
      image = await describeImage(full);
      thumbnailKey = newFileKey("thumbnails", "webp");
      await storage.put(thumbnailKey, image.thumbnail, "image/webp");
    }

    const row = await db.$transaction(async (tx) => {
      const allowance = await assertMayUpload({ actor, conversationId, size: 0, db: tx, limits });
      if (size > limits.quotaBytesPerUser - allowance.used) throw quotaError(limits, allowance.used);
      return tx.attachment.create({
        data: {
          conversationId,
          uploaderId: actor.id,
          storageDriver: storage.driver,
          storageKey: key,
          name: fileName,
          mimeType,
          size,
          width: image?.width ?? null,
          height: image?.height ?? null,
          thumbnailKey,
          thumbhash: image?.thumbhash ?? null,
        },
        select: attachmentSelect,
      });
    });
    return toAttachmentDto(row);
  } catch (error) {
    await storage.delete(key);
    if (thumbnailKey) await storage.delete(thumbnailKey);
    throw error;
  }
}
