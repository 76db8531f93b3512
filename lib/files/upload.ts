import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/accounts/types";
import type { AttachmentDto } from "@/lib/chat/dto";
import { parseInput } from "@/lib/chat/parse-input";
import { AppError, isAppError } from "@/lib/errors";
import { limitAction } from "@/lib/rate-limit/actions";
import { assertMayUpload, quotaError, recordUploadedAttachment } from "./attachments";
import { deleteOrphansIfDue } from "./cleanup";
import { newFileKey } from "./keys";
import { getUploadLimits } from "./limits";
import { sanitizeFileName } from "./policy";
import type { FileStorage } from "./storage";

export const uploadAttachmentSchema = z.object({
  // The browser's file name, URL-encoded in the query (the body is the file itself).
  name: z
    .string({ error: "Give the file's name as ?name=." })
    .max(1024, "That file name is too long.")
    .transform((value, ctx) => {
      const name = sanitizeFileName(value);
      if (name === null) {
        ctx.issues.push({ code: "custom", message: "That file name is not valid.", input: value });
        return z.NEVER;
      }
      return name;
    }),
});

/**
 * An attachment uploaded to this server (the local driver): the request body is the file, streamed
 * to disk and stopped at the size limit, never held in memory. Raw bytes rather than multipart so
 * a browser's `xhr.send(file)` reports progress and the server parses nothing around the file.
 */
export async function uploadAttachment({
  actor,
  conversationId,
  storage,
  body,
  declaredSize,
  ...input
}: {
  actor: Actor;
  conversationId: string;
  storage: FileStorage;
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null;
  /** Content-Length, when the client sent one: a file declared too large is refused unread. */
  declaredSize: number | null;
  name?: unknown;
}): Promise<AttachmentDto> {
  const { name } = parseInput(uploadAttachmentSchema, input, "file");
  await limitAction("attach", actor.id);
  const limits = getUploadLimits();
  const allowance = await assertMayUpload({ actor, conversationId, size: declaredSize ?? 0, limits });
  if (!storage.putStream) {
    throw new AppError("unsupported:upload", "This server stores files elsewhere: upload through it.");
  }
  if (!body) throw new AppError("invalid:file", `${name} is empty.`);

  const key = newFileKey("attachments", "bin");
  let size: number;
  try {
    ({ size } = await storage.putStream(key, body, {
      contentType: "application/octet-stream",
      maxBytes: allowance.maxBytes,
    }));
  } catch (error) {
    // Cut off at what was left of the quota, not at the file limit: say so.
    if (isAppError(error) && error.code === "too_large:file" && allowance.limitedBy === "quota") {
      throw quotaError(limits, allowance.used);
    }
    throw error;
  }
  const attachment = await recordUploadedAttachment({
    storage,
    actor,
    conversationId,
    key,
    name,
    size,
    limits,
  });
  await deleteOrphansIfDue({ storage });
  return attachment;
}
