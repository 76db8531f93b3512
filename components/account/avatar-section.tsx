"use client";

import { useRouter } from "next/navigation";
import { type ChangeEvent, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { type AvatarCrop, avatarLimits } from "@/lib/accounts/avatar-schemas";
import { AvatarCropDialog } from "./avatar-crop-dialog";
import { loadImage, uploadAvatar } from "./upload-avatar";
import { UserAvatar } from "./user-avatar";

/** The "Avatar" part of the profile page: choose, crop, upload, or remove the picture. */
export function AvatarSection({ name, avatar }: { name: string; avatar: string | null }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [previewUrl, setPreviewUrl] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; isError: boolean } | null>(null);
  const [isRemoving, setIsRemoving] = useState(false);

  // Blob URLs hold the whole file in memory until revoked.
  useEffect(() => () => void (previewUrl && URL.revokeObjectURL(previewUrl)), [previewUrl]);

  async function onChoose(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.currentTarget.files?.[0];
    event.currentTarget.value = "";
    if (!chosen) return;
    setMessage(null);
    if (chosen.size > avatarLimits.maxBytes) {
      setMessage({ text: avatarLimits.tooLargeMessage, isError: true });
      return;
    }
    const url = URL.createObjectURL(chosen);
    try {
      await loadImage(url);
    } catch (error) {
      URL.revokeObjectURL(url);
      setMessage({ text: (error as Error).message, isError: true });
      return;
    }
    setFile(chosen);
    setDialogError(null);
    setPreviewUrl(url);
  }

  async function onSave(crop: AvatarCrop) {
    if (!file) return;
    setProgress(0);
    setDialogError(null);
    try {
      await uploadAvatar(file, crop, setProgress);
      closeDialog();
      setMessage({ text: "Avatar saved.", isError: false });
      router.refresh();
    } catch (error) {
      setDialogError((error as Error).message);
    } finally {
      setProgress(null);
    }
  }

  function closeDialog() {
    setFile(null);
    setPreviewUrl(null);
  }

  async function onRemove() {
    setIsRemoving(true);
    setMessage(null);
    const response = await fetch("/api/account/avatar", { method: "DELETE" });
    setIsRemoving(false);
    if (!response.ok) {
      setMessage({ text: "The avatar could not be removed. Try again.", isError: true });
      return;
    }
    setMessage({ text: "Avatar removed.", isError: false });
    router.refresh();
  }

  return (
    <section
      aria-labelledby="avatar-heading"
      className="flex flex-col gap-3 rounded-lg border border-border p-4"
    >
      <h2 id="avatar-heading" className="font-medium">
        Avatar
      </h2>
      <div className="flex flex-wrap items-center gap-4">
        <UserAvatar name={name} avatar={avatar} alt="Your avatar" className="size-20 text-2xl" />
        <div className="flex flex-wrap gap-2">
          <Button variant="outline" onClick={() => input.current?.click()}>
            Upload avatar
          </Button>
          {avatar ? (
            <Button
              variant="ghost"
              onClick={onRemove}
              disabled={isRemoving}
              aria-busy={isRemoving || undefined}
            >
              Remove avatar
            </Button>
          ) : null}
        </div>
        <input
          ref={input}
          type="file"
          aria-label="Avatar image"
          accept={avatarLimits.acceptedTypes.join(",")}
          className="sr-only"
          tabIndex={-1}
          onChange={onChoose}
        />
      </div>
      <p className="text-xs text-muted-foreground">JPEG, PNG, WebP, GIF or AVIF, up to 5 MB.</p>
      <p
        role={message?.isError ? "alert" : "status"}
        className={message?.isError ? "text-sm text-danger" : "text-sm"}
      >
        {message?.text}
      </p>
      <AvatarCropDialog
        key={previewUrl}
        imageUrl={previewUrl}
        progress={progress}
        error={dialogError}
        onSave={onSave}
        onCancel={closeDialog}
      />
    </section>
  );
}
