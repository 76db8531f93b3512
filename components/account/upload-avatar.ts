import type { AvatarCrop } from "@/lib/accounts/avatar-schemas";

/**
 * Sends the image and crop to the avatar route. XMLHttpRequest rather than fetch because only
 * it reports upload progress.
 */
export function uploadAvatar(
  file: Blob,
  crop: AvatarCrop,
  onProgress: (fraction: number) => void,
): Promise<{ avatar: string }> {
  const body = new FormData();
  body.append("avatar", file);
  body.append("crop", JSON.stringify(crop));
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", "/api/account/avatar");
    request.responseType = "json";
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      const response = request.response as { avatar?: string; error?: { message?: string } } | null;
      if (request.status >= 200 && request.status < 300 && response?.avatar) {
        resolve({ avatar: response.avatar });
      } else {
        reject(new Error(response?.error?.message ?? "The upload failed. Try again."));
      }
    };
    request.onerror = () => reject(new Error("The upload failed: check your connection and try again."));
    request.send(body);
  });
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
