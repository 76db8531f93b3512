"use client";

import { useMemo, useState } from "react";
import { thumbHashToDataURL } from "thumbhash";
import type { AttachmentDto } from "@/lib/chat/dto";
import { cn } from "@/lib/utils";

const MAX_WIDTH = 320;
const MAX_HEIGHT = 240;

/** The size an image is shown at in the message list: its own, scaled down to fit the box. */
export function thumbnailSize(image: Pick<AttachmentDto, "width" | "height">): {
  width: number;
  height: number;
} {
  const width = image.width ?? MAX_WIDTH;
  const height = image.height ?? MAX_HEIGHT;
  const scale = Math.min(1, MAX_WIDTH / width, MAX_HEIGHT / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

function placeholderUrl(thumbhash: string | null): string | null {
  if (!thumbhash) return null;
  try {
    const bytes = Uint8Array.from(atob(thumbhash), (c) => c.charCodeAt(0));
    return thumbHashToDataURL(bytes);
  } catch {
    // A malformed hash only costs the placeholder; the image itself still loads.
    return null;
  }
}

/**
 * An image in a message, opening the viewer. The box takes the stored dimensions before anything
 * loads (no layout shift), filled with the thumbhash until the thumbnail arrives.
 */
export function ImageThumbnail({ image, onOpen }: { image: AttachmentDto; onOpen: () => void }) {
  const [isLoaded, setIsLoaded] = useState(false);
  const placeholder = useMemo(() => placeholderUrl(image.thumbhash), [image.thumbhash]);
  const { width, height } = thumbnailSize(image);
  return (
    <button
      type="button"
      aria-label={`Open ${image.name}`}
      onClick={onOpen}
      className="relative block max-w-full overflow-hidden rounded-md border border-border bg-muted bg-cover bg-center focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-primary"
      style={{
        width,
        aspectRatio: `${width} / ${height}`,
        backgroundImage: placeholder && !isLoaded ? `url("${placeholder}")` : undefined,
      }}
    >
      {/* biome-ignore lint/performance/noImgElement: an auth-checked file route, not an optimisable asset */}
      <img
        src={image.thumbnailUrl ?? image.url}
        alt={image.name}
        width={width}
        height={height}
        loading="lazy"
        decoding="async"
        onLoad={() => setIsLoaded(true)}
        className={cn(
          "size-full object-cover transition-opacity duration-300",
          isLoaded ? "opacity-100" : "opacity-0",
        )}
      />
    </button>
  );
}
