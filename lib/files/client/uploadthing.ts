import { generateReactHelpers } from "@uploadthing/react";
import { UploadAbortedError } from "uploadthing/client";
import type { AttachmentDto } from "@/lib/chat/dto";
import type { AttachmentRouter, AttachmentUploadResult } from "@/lib/files/uploadthing/file-router";
import type { UploadAttachmentInput } from "./upload";

// Browsers upload straight to uploadthing with its official client: the app's route hands out a
// presigned URL (after its checks), the file goes to uploadthing's ingest with progress, and the
// upload resolves once the app has recorded it (awaitServerData), with the attachment as serverData.

const { uploadFiles } = generateReactHelpers<AttachmentRouter>({ url: "/api/uploadthing" });

function abortError(): DOMException {
  return new DOMException("The upload was cancelled.", "AbortError");
}

/** The message to show for a failed upload: ours when the app refused, else a generic one. */
function messageOf(error: unknown): string {
  const cause = (error as { cause?: unknown; data?: unknown }).cause ?? (error as { data?: unknown }).data;
  const body = cause as { error?: { message?: string } | string; message?: string } | undefined;
  if (body && typeof body.error === "object" && body.error?.message) return body.error.message;
  if (body && typeof body.error === "string") return body.error;
  if (body && typeof body.message === "string") return body.message;
  return "The upload failed: check your connection and try again.";
}

export async function uploadWithUploadthing({
  conversationId,
  file,
  onProgress,
  signal,
}: UploadAttachmentInput): Promise<AttachmentDto> {
  if (signal?.aborted) throw abortError();
  let results: Awaited<ReturnType<typeof uploadFiles<"attachment">>>;
  try {
    results = await uploadFiles("attachment", {
      files: [file],
      input: { conversationId },
      signal,
      onUploadProgress: ({ loaded }) => onProgress?.(file.size > 0 ? Math.min(1, loaded / file.size) : 1),
    });
  } catch (error) {
    if (error instanceof UploadAbortedError || signal?.aborted) throw abortError();
    throw new Error(messageOf(error));
  }
  const serverData = results[0]?.serverData as AttachmentUploadResult | null | undefined;
  if (!serverData) throw new Error("The upload failed: the server did not confirm the file. Try again.");
  if ("error" in serverData) throw new Error(serverData.error.message);
  onProgress?.(1);
  return serverData.attachment;
}
