"use client";

import { useEffect, useRef, useState } from "react";
import type { AttachmentDto } from "@/lib/chat/dto";
import { checkFiles, type UploadLimits } from "@/lib/files/client/limits";
import { uploadAttachment } from "@/lib/files/client/upload";
import type { StorageKind } from "@/lib/files/storage-kind";

export interface PendingUpload {
  localId: string;
  file: File;
  /** 0–1. */
  progress: number;
  state: "uploading" | "stored" | "failed";
  error: string | null;
  attachment: AttachmentDto | null;
}

/**
 * The files attached in the composer before the message is sent: each uploads as soon as it is
 * chosen, with its progress; removing one cancels its upload, a failed one can be retried.
 */
export function useAttachmentUploads({
  conversationId,
  driver,
  limits,
}: {
  conversationId: string;
  driver: StorageKind;
  limits: UploadLimits;
}) {
  const [uploads, setUploads] = useState<PendingUpload[]>([]);
  const [refusal, setRefusal] = useState<string | null>(null);
  const controllers = useRef(new Map<string, AbortController>());
  // Leaving the conversation cancels what is still uploading (the server drops unsent uploads).
  useEffect(() => {
    const current = controllers.current;
    return () => {
      for (const controller of current.values()) controller.abort();
    };
  }, []);

  const update = (localId: string, change: Partial<PendingUpload>) =>
    setUploads((list) => list.map((u) => (u.localId === localId ? { ...u, ...change } : u)));

  const start = (localId: string, file: File) => {
    const controller = new AbortController();
    controllers.current.set(localId, controller);
    update(localId, { state: "uploading", progress: 0, error: null });
    uploadAttachment({
      conversationId,
      file,
      driver,
      signal: controller.signal,
      onProgress: (progress) => update(localId, { progress }),
    }).then(
      (attachment) => {
        controllers.current.delete(localId);
        update(localId, { state: "stored", progress: 1, attachment });
      },
      (error: unknown) => {
        controllers.current.delete(localId);
        if (controller.signal.aborted) return;
        const message = error instanceof Error ? error.message : "The upload failed. Try again.";
        update(localId, { state: "failed", error: message });
      },
    );
  };

  const add = (files: File[]) => {
    if (files.length === 0) return;
    const { accepted, refusal: why } = checkFiles(files, uploads.length, limits);
    setRefusal(why);
    const added = accepted.map((file) => ({
      localId: crypto.randomUUID(),
      file,
      progress: 0,
      state: "uploading" as const,
      error: null,
      attachment: null,
    }));
    setUploads((list) => [...list, ...added]);
    for (const upload of added) start(upload.localId, upload.file);
  };

  const remove = (localId: string) => {
    controllers.current.get(localId)?.abort();
    controllers.current.delete(localId);
    setUploads((list) => list.filter((u) => u.localId !== localId));
    setRefusal(null);
  };

  const retry = (localId: string) => {
    const upload = uploads.find((u) => u.localId === localId);
    if (upload) start(localId, upload.file);
  };

  /** Hands over the stored attachments for a send and empties the tray. */
  const takeStored = (): AttachmentDto[] => {
    const stored = uploads.flatMap((u) => (u.attachment ? [u.attachment] : []));
    setUploads([]);
    setRefusal(null);
    return stored;
  };

  return {
    uploads,
    refusal,
    add,
    remove,
    retry,
    takeStored,
    isUploading: uploads.some((u) => u.state === "uploading"),
    hasFailed: uploads.some((u) => u.state === "failed"),
  };
}

export type AttachmentUploads = ReturnType<typeof useAttachmentUploads>;
