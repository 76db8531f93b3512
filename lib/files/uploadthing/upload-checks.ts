import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/accounts/types";
import { AppError } from "@/lib/errors";
import { limitAction } from "@/lib/rate-limit/actions";
import { assertMayUpload, fileTooLargeError } from "../attachments";
import { getUploadLimits } from "../limits";
import { sanitizeFileName } from "../policy";

// What the app checks before it hands a browser presigned uploadthing URLs: the same rules as an
// upload to the app itself (membership, size, quota, count), plus one of uploadthing's own. The
// file host serves a file with the Content-Type the browser declared when uploading, so a declared
// type a browser would run as a page or script is refused here, before any byte is sent (the
// content itself is sniffed when the upload completes, as on the local driver).

export const uploadInputSchema = z.object({ conversationId: z.string().min(1).max(64) });

export const declaredFilesSchema = z
  .array(
    z.object({
      name: z.string().max(1024),
      size: z.number().int().nonnegative(),
      type: z.string().max(255),
    }),
  )
  .min(1);

/** The upload request the uploadthing client sends to the app: `{ files, input }`. */
export const uploadRequestSchema = z.object({ files: declaredFilesSchema, input: uploadInputSchema });

const ACTIVE_DECLARED_TYPE = /html|xml|svg|javascript|ecmascript|xsl|shockwave|multipart|^text\/css/i;

export async function assertMayUploadFiles({
  actor,
  conversationId,
  files,
}: {
  actor: Actor;
  conversationId: string;
  files: ReadonlyArray<{ name: string; size: number; type: string }>;
}): Promise<void> {
  const limits = getUploadLimits();
  if (files.length > limits.maxFilesPerMessage) {
    throw new AppError(
      "invalid:too_many_files",
      `At most ${limits.maxFilesPerMessage} files can be attached to one message.`,
    );
  }
  for (const file of files) {
    const name = sanitizeFileName(file.name);
    if (!name) throw new AppError("invalid:file", "That file name is not valid.");
    if (file.size <= 0) throw new AppError("invalid:file", `${name} is empty.`);
    if (file.size > limits.maxFileBytes) throw fileTooLargeError(limits);
    if (ACTIVE_DECLARED_TYPE.test(file.type)) {
      throw new AppError(
        "unsupported:file_type",
        "That file is a web page, SVG or script, which cannot be shared.",
      );
    }
  }
  await limitAction("attach", actor.id);
  await assertMayUpload({ actor, conversationId, size: files.reduce((sum, file) => sum + file.size, 0) });
}
