import "server-only";
import { createUploadthing, type FileRouter, UploadThingError, UTApi, UTFiles } from "uploadthing/server";
import { readSessionUser } from "@/lib/auth/session-reader";
import type { AttachmentDto } from "@/lib/chat/dto";
import { getEnv, type ServerEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { getFileStorage } from "..";
import { recordUploadedAttachment } from "../attachments";
import { newFileKey } from "../keys";
import { getUploadLimits } from "../limits";
import { extensionOf } from "../policy";
import { customIdForKey, keyForCustomId, uploadthingConfig } from "./config";
import { assertMayUploadFiles, uploadInputSchema } from "./upload-checks";

// The one uploadthing file route, `attachment`: the browser asks the app for presigned URLs (the
// middleware: session, membership, limits; each file gets our own key as its customId), uploads
// to uploadthing, and uploadthing calls back (signed with the API key, checked by the SDK) so the
// app sniffs, thumbnails and records the file, exactly as for an upload to the app itself.

/** What the browser receives as serverData once the file is recorded (or refused and deleted). */
export type AttachmentUploadResult =
  | { attachment: AttachmentDto }
  | { error: { code: string; message: string } };

// Types a browser only ever shows as media are served inline; everything else (the `blob` route,
// which also catches SVG, HTML and unknown types) is served by the file host as a download.
const INLINE_TYPES = [
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/avif",
  "video/mp4",
  "video/webm",
  "video/ogg",
  "video/quicktime",
  "audio/mpeg",
  "audio/ogg",
  "audio/wav",
  "audio/webm",
  "audio/mp4",
  "audio/aac",
  "audio/flac",
] as const;

/** uploadthing's status codes for our refusals (it knows no 401, 415 or 429). */
function toUploadThingError(error: unknown): UploadThingError {
  if (error instanceof UploadThingError) return error;
  if (!isAppError(error))
    return new UploadThingError({ code: "INTERNAL_SERVER_ERROR", message: "Something went wrong." });
  const code =
    error.kind === "not_found"
      ? "NOT_FOUND"
      : error.kind === "too_large"
        ? "TOO_LARGE"
        : error.kind === "forbidden" || error.kind === "unauthorized"
          ? "FORBIDDEN"
          : "BAD_REQUEST";
  return new UploadThingError<{ message: string; code: string }>({
    code,
    message: error.message,
    data: { message: error.message, code: error.code },
  });
}

export function createAttachmentRouter(env: ServerEnv = getEnv()) {
  const f = createUploadthing({
    // uploadthing's `{ message }`, plus the house error shape our client reads.
    errorFormatter: (error) => {
      const code = (error.data as { code?: string } | undefined)?.code ?? "invalid:upload";
      return { message: error.message, error: { code, message: error.message } };
    },
  });
  const limits = getUploadLimits(env);
  const perType = {
    // "{bytes}B" is a size uploadthing parses; its type only spells out the powers of two.
    maxFileSize: `${limits.maxFileBytes}B` as "4MB",
    maxFileCount: limits.maxFilesPerMessage,
    // Served only through short-lived signed URLs the app hands out after its own check (the
    // uploadthing app must allow overriding the ACL per request, a dashboard setting).
    acl: "private" as const,
  };
  const routeConfig = {
    ...Object.fromEntries(
      INLINE_TYPES.map((type) => [type, { ...perType, contentDisposition: "inline" as const }]),
    ),
    blob: { ...perType, contentDisposition: "attachment" as const },
  };

  return {
    attachment: f(routeConfig, { awaitServerData: true })
      .input(uploadInputSchema)
      .middleware(async ({ req, input, files }) => {
        try {
          const user = await readSessionUser({ headers: req.headers, env });
          if (!user)
            throw new UploadThingError({
              code: "FORBIDDEN",
              message: "Please sign in.",
              data: { code: "unauthorized" },
            });
          await assertMayUploadFiles({ actor: user, conversationId: input.conversationId, files });
          return {
            actorId: user.id,
            conversationId: input.conversationId,
            [UTFiles]: files.map((file) => ({
              ...file,
              customId: customIdForKey(newFileKey("attachments", extensionOf(file.name) || "bin")),
            })),
          };
        } catch (error) {
          throw toUploadThingError(error);
        }
      })
      .onUploadComplete(async ({ file, metadata }): Promise<AttachmentUploadResult> => {
        const storage = getFileStorage(env);
        if (!file.customId) {
          // Not a file this app's middleware named: never record it, never keep it.
          await new UTApi(uploadthingConfig(env)).deleteFiles(file.key);
          return { error: { code: "invalid:file", message: "That upload is not valid." } };
        }
        try {
          const attachment = await recordUploadedAttachment({
            storage,
            actor: { id: metadata.actorId },
            conversationId: metadata.conversationId,
            key: keyForCustomId(file.customId),
            name: file.name,
            size: file.size,
          });
          return { attachment };
        } catch (error) {
          // recordUploadedAttachment has deleted the stored file (and any thumbnail) already.
          if (isAppError(error)) return { error: { code: error.code, message: error.message } };
          console.error(error);
          return { error: { code: "internal", message: "Something went wrong." } };
        }
      }),
  } satisfies FileRouter;
}

export type AttachmentRouter = ReturnType<typeof createAttachmentRouter>;
