"use client";

import { ChevronLeft, ChevronRight, Download, X } from "lucide-react";
import { Dialog } from "radix-ui";
import { createContext, type ReactNode, useContext, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import type { AttachmentDto } from "@/lib/chat/dto";

interface ImageViewerContext {
  open: (attachmentId: string) => void;
}

/** Saves the file through the download route (which answers with Content-Disposition: attachment). */
function downloadFile(image: AttachmentDto) {
  const link = document.createElement("a");
  link.href = image.downloadUrl;
  link.download = image.name;
  link.click();
}

const Context = createContext<ImageViewerContext>({ open: () => {} });

export function useImageViewer(): ImageViewerContext {
  return useContext(Context);
}

/**
 * The lightbox for a conversation: `images` are all the images of the loaded messages, oldest
 * first, and the viewer moves across them. Arrow keys move, Escape closes; focus stays inside
 * and goes back to the thumbnail that opened it.
 */
export function ImageViewerProvider({ images, children }: { images: AttachmentDto[]; children: ReactNode }) {
  const [openId, setOpenId] = useState<string | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const context = useMemo<ImageViewerContext>(
    () => ({
      open: (attachmentId) => {
        opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        setOpenId(attachmentId);
      },
    }),
    [],
  );
  const index = openId ? images.findIndex((image) => image.id === openId) : -1;
  const image = images[index];
  const previous = index > 0 ? images[index - 1] : undefined;
  const next = index >= 0 ? images[index + 1] : undefined;

  return (
    <Context.Provider value={context}>
      {children}
      <Dialog.Root open={Boolean(image)} onOpenChange={(isOpen) => !isOpen && setOpenId(null)}>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-40 bg-black/85" />
          <Dialog.Content
            aria-describedby={undefined}
            onCloseAutoFocus={(event) => {
              // Opened from many thumbnails rather than one trigger: focus goes back to the one used.
              event.preventDefault();
              if (opener.current?.isConnected) opener.current.focus();
            }}
            onKeyDown={(event) => {
              if (event.key === "ArrowLeft" && previous) {
                event.preventDefault();
                setOpenId(previous.id);
              } else if (event.key === "ArrowRight" && next) {
                event.preventDefault();
                setOpenId(next.id);
              }
            }}
            className="fixed inset-0 z-50 flex flex-col text-white outline-none"
          >
            <Dialog.Title className="sr-only">Image viewer</Dialog.Title>
            {image ? (
              <>
                <div className="flex items-center gap-2 p-2 sm:p-3">
                  <p className="min-w-0 flex-1 truncate text-sm" aria-live="polite">
                    <span className="font-medium">{image.name}</span>
                    <span className="ml-2 text-white/80">
                      {index + 1} of {images.length}
                    </span>
                  </p>
                  <Button
                    variant="ghost"
                    size="sm"
                    onClick={() => downloadFile(image)}
                    className="text-white hover:bg-white/15 focus-visible:outline-2 focus-visible:outline-white"
                  >
                    <Download aria-hidden className="size-4" />
                    <span className="max-sm:sr-only">Download</span>
                  </Button>
                  <Dialog.Close asChild>
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label="Close"
                      className="px-2 text-white hover:bg-white/15 focus-visible:outline-2 focus-visible:outline-white"
                    >
                      <X aria-hidden className="size-5" />
                    </Button>
                  </Dialog.Close>
                </div>
                <div className="relative flex min-h-0 flex-1 items-center justify-center px-2 pb-4 sm:px-16">
                  {/* biome-ignore lint/performance/noImgElement: an auth-checked file route */}
                  <img
                    key={image.id}
                    src={image.url}
                    alt={image.name}
                    width={image.width ?? undefined}
                    height={image.height ?? undefined}
                    className="max-h-full max-w-full object-contain"
                  />
                  <Button
                    variant="ghost"
                    aria-label="Previous image"
                    // Stays focusable at the end of the row, so the keyboard keeps its place.
                    aria-disabled={!previous}
                    onClick={() => previous && setOpenId(previous.id)}
                    className="absolute left-1 top-1/2 size-11 -translate-y-1/2 rounded-full bg-black/50 px-0 text-white aria-disabled:opacity-40 hover:bg-black/70 focus-visible:outline-2 focus-visible:outline-white sm:left-3"
                  >
                    <ChevronLeft aria-hidden className="size-6" />
                  </Button>
                  <Button
                    variant="ghost"
                    aria-label="Next image"
                    // Stays focusable at the end of the row, so the keyboard keeps its place.
                    aria-disabled={!next}
                    onClick={() => next && setOpenId(next.id)}
                    className="absolute right-1 top-1/2 size-11 -translate-y-1/2 rounded-full bg-black/50 px-0 text-white aria-disabled:opacity-40 hover:bg-black/70 focus-visible:outline-2 focus-visible:outline-white sm:right-3"
                  >
                    <ChevronRight aria-hidden className="size-6" />
                  </Button>
                </div>
              </>
            ) : null}
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </Context.Provider>
  );
}
