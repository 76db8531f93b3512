import type { AvatarCrop } from "@/lib/accounts/avatar-schemas";
import { uploadWithProgress } from "@/lib/http/upload-with-progress";

/** Sends the image and crop to the avatar route. */
export async function uploadAvatar(
  file: Blob,
  crop: AvatarCrop,
  onProgress: (fraction: number) => void,
): Promise<{ avatar: string }> {
  const body = new FormData();
  body.append("avatar", file);
  body.append("crop", JSON.stringify(crop));
  const response = await uploadWithProgress<{ avatar?: string }>(
    "POST",
    "/api/account/avatar",
    body,
    onProgress,
  );
  if (!response.avatar) throw new Error("The upload failed. Try again.");
  return { avatar: response.avatar };
}

/** Resolves with the image's size, or rejects when the browser cannot decode it. */
export function loadImage(url: string): Promise<{ width: number; height: number }> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve({ width: image.naturalWidth, height: image.naturalHeight });
    image.onerror = () => reject(new Error("That file is not an image."));
    image.src = url;
  });
}
