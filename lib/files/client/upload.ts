import type { AttachmentDto } from "@/lib/chat/dto";
import type { StorageKind } from "@/lib/files/storage-kind";
import { uploadWithUploadthing } from "./uploadthing";

export interface UploadAttachmentInput {
  conversationId: string;
  file: File;
  /** Where the server stores files: the browser sends to the app (local) or straight to uploadthing. */
  driver: StorageKind;
  /** Fraction sent so far, 0–1. */
  onProgress?: (fraction: number) => void;
  /** Aborting cancels the upload; the promise then rejects with an AbortError. */
  signal?: AbortSignal;
}

/** Uploads one file for a message not yet sent; resolves with the stored attachment. */
export function uploadAttachment(input: UploadAttachmentInput): Promise<AttachmentDto> {
  if (input.driver === "uploadthing") return uploadWithUploadthing(input);
  return uploadToApp(input);
}

function abortError(): DOMException {
  return new DOMException("The upload was cancelled.", "AbortError");
}

/**
 * The raw file as the request body (not multipart): the server streams it to disk and stops at
 * the size limit. XMLHttpRequest rather than fetch because only it reports upload progress.
 */
function uploadToApp({
  conversationId,
  file,
  onProgress,
  signal,
}: UploadAttachmentInput): Promise<AttachmentDto> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const request = new XMLHttpRequest();
    const url = `/api/conversations/${encodeURIComponent(conversationId)}/attachments?name=${encodeURIComponent(file.name)}`;
    request.open("POST", url);
    request.responseType = "json";
    // Advisory only: the server sniffs the content.
    request.setRequestHeader("content-type", file.type || "application/octet-stream");
    const onAbort = () => request.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    const settle = () => signal?.removeEventListener("abort", onAbort);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded / event.total);
    };
    request.onload = () => {
      settle();
      const response = request.response as {
        attachment?: AttachmentDto;
        error?: { message?: string };
      } | null;
      if (request.status >= 200 && request.status < 300 && response?.attachment) {
        onProgress?.(1);
        resolve(response.attachment);
      } else {
        reject(new Error(response?.error?.message ?? `The upload failed (${request.status}). Try again.`));
      }
    };
    request.onerror = () => {
      settle();
      reject(new Error("The upload failed: check your connection and try again."));
    };
    request.onabort = () => {
      settle();
      reject(abortError());
    };
    request.send(file);
  });
}
