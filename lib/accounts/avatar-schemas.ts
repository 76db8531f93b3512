import { z } from "zod";

// Shared by the avatar dialog and the upload route. No server-only imports: the browser uses it.

export const avatarLimits = {
  maxBytes: 5 * 1024 * 1024,
  tooLargeMessage: "That image is larger than 5 MB. Choose a smaller one.",
  /** Side of the stored square, in pixels. */
  size: 256,
  acceptedTypes: ["image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"],
} as const;

const pixel = z.number().int("Crop values must be whole pixels.");

/** The square the person chose, in pixels of the image as displayed. Checked against the real image on the server. */
export const avatarCropSchema = z
  .object({
    x: pixel.min(0),
    y: pixel.min(0),
    width: pixel.min(1).max(20_000),
    height: pixel.min(1).max(20_000),
  })
  // The cropper rounds each side on its own, so a square can come out a pixel off.
  .refine((crop) => Math.abs(crop.width - crop.height) <= 2, "The crop must be square.");
export type AvatarCrop = z.infer<typeof avatarCropSchema>;

/** Uploaded avatars are stored as this prefix + their storage key (`avatars/{id}.webp`). */
export const AVATAR_URL_PREFIX = "/api/files/";

export function avatarUrlForKey(key: string): string {
  return `${AVATAR_URL_PREFIX}${key}`;
}

/** `/api/files/avatars/{id}.webp` → the storage key `avatars/{id}.webp`; anything else (OAuth URLs) → null. */
export function avatarKeyFromUrl(url: string | null): string | null {
  if (!url?.startsWith(`${AVATAR_URL_PREFIX}avatars/`)) return null;
  return url.slice(AVATAR_URL_PREFIX.length);
}
