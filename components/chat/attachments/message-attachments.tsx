"use client";

import { Download, FileArchive, FileAudio, FileIcon, FileText, FileVideo } from "lucide-react";
import type { AttachmentDto } from "@/lib/chat/dto";
import { formatBytes } from "@/lib/files/format-bytes";
import { ImageThumbnail } from "./image-thumbnail";
import { useImageViewer } from "./image-viewer";

function fileIconFor(attachment: AttachmentDto) {
  if (attachment.kind === "video") return FileVideo;
  if (attachment.kind === "audio") return FileAudio;
  if (attachment.mimeType === "application/pdf" || attachment.mimeType.startsWith("text/")) return FileText;
  if (/zip|compressed|tar|gzip|7z|rar/.test(attachment.mimeType)) return FileArchive;
  return FileIcon;
}

/** A file shown as a card: icon, name, size and a download link. */
export function FileCard({ attachment }: { attachment: AttachmentDto }) {
  const Icon = fileIconFor(attachment);
  return (
    <div className="flex w-full max-w-80 min-w-0 items-center gap-3 rounded-md border border-border bg-card px-3 py-2">
      <Icon aria-hidden className="size-6 shrink-0 text-muted-foreground" />
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium" title={attachment.name}>
          {attachment.name}
        </p>
        <p className="text-xs text-muted-foreground">{formatBytes(attachment.size)}</p>
      </div>
      <a
        href={attachment.downloadUrl}
        download={attachment.name}
        aria-label={`Download ${attachment.name}`}
        className="shrink-0 rounded-md p-2 hover:bg-muted focus-visible:outline-2 focus-visible:outline-primary"
      >
        <Download aria-hidden className="size-4" />
      </a>
    </div>
  );
}

function MediaPlayer({ attachment }: { attachment: AttachmentDto }) {
  return (
    <figure className="flex w-full max-w-80 min-w-0 flex-col gap-1">
      {attachment.kind === "video" ? (
        // biome-ignore lint/a11y/useMediaCaption: people's own recordings come without captions
        <video
          controls
          preload="metadata"
          src={attachment.url}
          aria-label={attachment.name}
          className="w-full rounded-md border border-border bg-black"
          style={
            attachment.width && attachment.height
              ? { aspectRatio: `${attachment.width} / ${attachment.height}` }
              : undefined
          }
        />
      ) : (
        // biome-ignore lint/a11y/useMediaCaption: people's own recordings come without captions
        <audio
          controls
          preload="metadata"
          src={attachment.url}
          aria-label={attachment.name}
          className="w-full"
        />
      )}
      <figcaption className="flex min-w-0 items-center gap-2 text-xs text-muted-foreground">
        <span className="min-w-0 truncate" title={attachment.name}>
          {attachment.name}
        </span>
        <span className="shrink-0">{formatBytes(attachment.size)}</span>
        <a
          href={attachment.downloadUrl}
          download={attachment.name}
          aria-label={`Download ${attachment.name}`}
          className="shrink-0 rounded p-1 hover:bg-muted focus-visible:outline-2 focus-visible:outline-primary"
        >
          <Download aria-hidden className="size-3.5" />
        </a>
      </figcaption>
    </figure>
  );
}

/** A message's files: images as thumbnails opening the viewer, video and audio inline, the rest as cards. */
export function MessageAttachments({ attachments }: { attachments: AttachmentDto[] }) {
  const viewer = useImageViewer();
  if (attachments.length === 0) return null;
  const images = attachments.filter((a) => a.kind === "image");
  const others = attachments.filter((a) => a.kind !== "image");
  return (
    <div className="mt-1 flex flex-col gap-2">
      {images.length > 0 ? (
        <div className="flex flex-wrap gap-2">
          {images.map((image) => (
            <ImageThumbnail key={image.id} image={image} onOpen={() => viewer.open(image.id)} />
          ))}
        </div>
      ) : null}
      {others.map((attachment) =>
        attachment.kind === "file" ? (
          <FileCard key={attachment.id} attachment={attachment} />
        ) : (
          <MediaPlayer key={attachment.id} attachment={attachment} />
        ),
      )}
    </div>
  );
}
