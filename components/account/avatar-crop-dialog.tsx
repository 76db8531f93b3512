"use client";

import { Dialog } from "radix-ui";
import { useState } from "react";
import Cropper, { type Area } from "react-easy-crop";
import { Button } from "@/components/ui/button";
import type { AvatarCrop } from "@/lib/accounts/avatar-schemas";

/**
 * Lets the person drag and zoom a square over their image. Reports the square in the image's
 * own pixels (as the browser displays it), which is what the server crops.
 */
export function AvatarCropDialog({
  imageUrl,
  progress,
  error,
  onSave,
  onCancel,
}: {
  imageUrl: string | null;
  /** Upload progress 0–1 while saving, else null. */
  progress: number | null;
  error: string | null;
  onSave: (crop: AvatarCrop) => void;
  onCancel: () => void;
}) {
  const [position, setPosition] = useState({ x: 0, y: 0 });
  const [zoom, setZoom] = useState(1);
  const [area, setArea] = useState<Area | null>(null);
  const isSaving = progress !== null;

  return (
    <Dialog.Root open={imageUrl !== null} onOpenChange={(open) => !open && !isSaving && onCancel()}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/50" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 flex w-[min(28rem,92vw)] -translate-x-1/2 -translate-y-1/2 flex-col gap-4 rounded-lg border border-border bg-background p-4 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">Crop avatar</Dialog.Title>
          <Dialog.Description className="text-sm text-muted-foreground">
            Drag to move the image and use the slider (or arrow keys on the image) to zoom.
          </Dialog.Description>
          <div className="relative aspect-square w-full overflow-hidden rounded-md bg-muted">
            {imageUrl ? (
              <Cropper
                image={imageUrl}
                crop={position}
                zoom={zoom}
                aspect={1}
                cropShape="round"
                showGrid={false}
                onCropChange={setPosition}
                onZoomChange={setZoom}
                onCropComplete={(_percentages, pixels) => setArea(pixels)}
              />
            ) : null}
          </div>
          <label className="flex items-center gap-3 text-sm">
            Zoom
            <input
              type="range"
              min={1}
              max={3}
              step={0.05}
              value={zoom}
              onChange={(event) => setZoom(Number(event.currentTarget.value))}
              className="flex-1 accent-primary"
            />
          </label>
          {isSaving ? (
            <progress
              aria-label="Upload progress"
              max={1}
              value={progress}
              className="h-2 w-full accent-primary"
            />
          ) : null}
          {error ? (
            <p role="alert" className="text-sm text-danger">
              {error}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Dialog.Close asChild>
              <Button variant="outline" disabled={isSaving}>
                Cancel
              </Button>
            </Dialog.Close>
            <Button
              disabled={!area || isSaving}
              aria-busy={isSaving || undefined}
              onClick={() => area && onSave(toWholePixels(area))}
            >
              {isSaving ? "Saving…" : "Save avatar"}
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function toWholePixels(area: Area): AvatarCrop {
  const side = Math.max(1, Math.round(Math.min(area.width, area.height)));
  return {
    x: Math.max(0, Math.round(area.x)),
    y: Math.max(0, Math.round(area.y)),
    width: side,
    height: side,
  };
}
