import "server-only";
// cuid2 2.x: 3.x turns each hash into base 36 through bignumber.js, far slower per id (bench/README.md).
import { createId } from "@paralleldrive/cuid2";
import { mayWriteSql, replyTargetSql } from "@/lib/chat/access/rules";
import type { NormalizedBody } from "@/lib/chat/body/prepare";
import type { MessageDto } from "@/lib/chat/dto";
import { hotRows } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { type AttachmentClaim, claimableAttachmentsSql } from "./attachment-claims";
import {
  attachmentJsonSql,
  type FlatMessageRow,
  flatMessageColumns,
  fromFlatRow,
  toMessageDto,
} from "./message-select";

// The common send — a member who may write, a body with no mentions to look up — as ONE
// statement instead of a transaction of seven round trips (each round trip costs the server CPU;
// the figures are in bench/README.md).
//
// The statement inserts only when every rule holds, each the fragment of rules.ts that the
// transactional path (send-message.ts) checks too: may write (an active membership, no mute in
// force, no block either way in a direct conversation), a replied-to message in the same
// conversation, every attachment claimable (attachment-claims.ts; locked, so two sends never
// claim one upload) and a nonce this author has not used (ON CONFLICT DO NOTHING: a
// concurrent retry waits for the first insert and then inserts nothing). It claims the
// attachments and bumps the conversation's last activity in the same statement. When nothing was inserted it returns no
// row and the caller takes the transactional path, which finds the earlier message of a retry
// or names the rule that refused, with the same errors as always.

export async function insertMessageIfAllowed({
  actorId,
  conversationId,
  body,
  clientNonce,
  replyToId,
  attachmentIds,
  now,
}: {
  actorId: string;
  conversationId: string;
  body: NormalizedBody;
  clientNonce: string;
  replyToId: string | null;
  attachmentIds: string[];
  now: Date;
}): Promise<MessageDto | null> {
  const id = createId();
  const claim: AttachmentClaim = { actorId, conversationId, attachmentIds };
  const rows = await hotRows<FlatMessageRow>(Prisma.sql`
    WITH me AS (
      SELECT m."userId"
      FROM "Membership" m
      WHERE m."conversationId" = ${conversationId} AND m."userId" = ${actorId}
        AND ${mayWriteSql("m", now)}
    ),
    reply AS (
      SELECT r.id, r."plainText", r."deletedAt", r."authorId"
      FROM "Message" r
      WHERE ${replyTargetSql("r", replyToId, conversationId)}
    ),
    claimable AS (
      SELECT f.id FROM "Attachment" f
      WHERE ${claimableAttachmentsSql(claim)}
      FOR UPDATE
    ),
    ins AS (
      INSERT INTO "Message" (id, "conversationId", "authorId", body, "plainText", "clientNonce", "replyToId", "createdAt")
      SELECT ${id}, ${conversationId}, ${actorId}, ${JSON.stringify(body.doc)}::jsonb, ${body.plainText},
             ${clientNonce}, ${replyToId}, ${now}
      FROM me
      WHERE (${replyToId}::text IS NULL OR EXISTS (SELECT 1 FROM reply))
        AND (SELECT count(*) FROM claimable) = ${attachmentIds.length}
      ON CONFLICT ("authorId", "clientNonce") DO NOTHING
      RETURNING id, "conversationId", "authorId", body, "plainText", "createdAt", "editedAt", "deletedAt",
                "clientNonce", "replyToId"
    ),
    claimed AS (
      UPDATE "Attachment" f SET "messageId" = ins.id
      FROM ins
      WHERE f.id IN (SELECT id FROM claimable)
      RETURNING f.*
    ),
    bumped AS (
      -- "updatedAt" as Prisma's @updatedAt sets it on every update through the client.
      UPDATE "Conversation" SET "lastMessageAt" = ${now}, "updatedAt" = ${now}
      WHERE id = ${conversationId} AND EXISTS (SELECT 1 FROM ins)
    )
    SELECT ${flatMessageColumns}, NULL AS reactions,
      (SELECT COALESCE(json_agg(${attachmentJsonSql} ORDER BY f."createdAt", f.id), '[]'::json) FROM claimed f)
        AS attachments
    FROM ins m
    JOIN "User" a ON a.id = m."authorId"
    LEFT JOIN reply r ON r.id = m."replyToId"
    LEFT JOIN "User" ra ON ra.id = r."authorId"
  `);
  const row = rows[0];
  return row ? toMessageDto(fromFlatRow(row), actorId) : null;
}
