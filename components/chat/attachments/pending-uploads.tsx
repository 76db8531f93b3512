"use client";

import { FileIcon, RotateCw, X } from "lucide-react";
import { formatBytes } from "@/lib/files/format-bytes";
import { cn } from "@/lib/utils";
import type { PendingUpload } from "./use-attachment-uploads";

/** The files attached in the composer: name, size, progress, and Remove / Retry for each. */
export function PendingUploads({
  uploads,
  onRemove,
  onRetry,
}: {
  uploads: PendingUpload[];
  onRemove: (localId: string) => void;
  onRetry: (localId: string) => void;
}) {
  if (uploads.length === 0) return null;
  return (
    <ul aria-label="Attached files" className="flex flex-wrap gap-2 px-3 pt-2">
      {uploads.map((upload) => {
        const name = upload.file.name;
        const percent = Math.round(upload.progress * 100);
        return (
          <li
            key={upload.localId}
            className={cn(
              "flex w-full max-w-64 min-w-0 flex-col gap-1 rounded-md border border-border bg-muted/40 px-2 py-1.5 text-xs sm:w-56",
              upload.state === "failed" && "border-danger/60",
            )}
          >
            <div className="flex min-w-0 items-center gap-1.5">
              <FileIcon aria-hidden className="size-4 shrink-0 text-muted-foreground" />
              <span className="min-w-0 flex-1 truncate font-medium" title={name}>
                {name}
              </span>
              <span className="shrink-0 text-muted-foreground">{formatBytes(upload.file.size)}</span>
              {upload.state === "failed" ? (
                <button
                  type="button"
                  aria-label={`Retry ${name}`}
                  onClick={() => onRetry(upload.localId)}
                  className="shrink-0 rounded p-1 hover:bg-muted focus-visible:outline-2 focus-visible:outline-primary"
                >
                  <RotateCw aria-hidden className="size-3.5" />
                </button>
              ) : null}
              <button
                type="button"
                aria-label={`Remove ${name}`}
                onClick={() => onRemove(upload.localId)}
                className="shrink-0 rounded p-1 hover:bg-muted focus-visible:outline-2 focus-visible:outline-primary"
              >
                <X aria-hidden className="size-3.5" />
              </button>
            </div>
            {upload.state === "failed" ? (
              <p role="alert" className="text-danger">
                {upload.error}
              </p>
            ) : (
              <div
                role="progressbar"
                aria-label={name}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={percent}
                aria-valuetext={upload.state === "stored" ? "Uploaded" : `${percent}%`}
                className="h-1 overflow-hidden rounded-full bg-border"
              >
                <div
                  className={cn(
                    "h-full rounded-full transition-[width]",
                    upload.state === "stored" ? "bg-primary" : "bg-primary/70",
                  )}
                  style={{ width: `${percent}%` }}
                />
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
