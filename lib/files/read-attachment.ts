import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/accounts/types";
import { activeMembershipSql } from "@/lib/chat/access/rules";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { ID_PATTERN } from "@/lib/ids";

export interface ReadableAttachment {
  id: string;
  name: string;
  mimeType: string;
  size: number;
  storageKey: string;
  thumbnailKey: string | null;
}

const attachmentIdSchema = z.object({ id: z.string().regex(ID_PATTERN, "Invalid id") });

/**
 * An attachment the actor may read, or `not_found:file` — the same answer for a guessed id, a
 * file in a conversation the actor is not in, and a deleted message's file. The rule is the
 * statement's WHERE: an active member of the file's conversation, and the file either in a live
 * message or the actor's own upload not yet sent (their composer previews it).
 */
export async function findReadableAttachment({
  actor,
  attachmentId,
  now = new Date(),
}: {
  actor: Actor;
  attachmentId: unknown;
  now?: Date;
}): Promise<ReadableAttachment> {
  const parsed = attachmentIdSchema.safeParse({ id: attachmentId });
  // A malformed id names no file: the same 404 as any other.
  if (!parsed.success) throw notFound();
  const { id } = parsed.data;
  const [row] = await getDb().$queryRaw<ReadableAttachment[]>(Prisma.sql`
    SELECT f.id, f.name, f."mimeType", f.size, f."storageKey", f."thumbnailKey"
    FROM "Attachment" f
    JOIN "Membership" m ON m."conversationId" = f."conversationId" AND m."userId" = ${actor.id}
    LEFT JOIN "Message" msg ON msg.id = f."messageId"
    WHERE f.id = ${id} AND ${activeMembershipSql("m", now)}
      AND ((f."messageId" IS NOT NULL AND msg."deletedAt" IS NULL)
        OR (f."messageId" IS NULL AND f."uploaderId" = ${actor.id}))`);
  if (!row) throw notFound();
  return row;
}

function notFound(): AppError {
  return new AppError("not_found:file", "That file does not exist or is not shared with you.");
}
