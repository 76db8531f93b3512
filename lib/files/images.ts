import "server-only";
import sharp, { type Metadata } from "sharp";
import { rgbaToThumbHash } from "thumbhash";
import { MAX_INPUT_PIXELS } from "@/lib/accounts/avatar-image";
import { AppError } from "@/lib/errors";

// The server side of an image attachment: its displayed size, a small WebP thumbnail and a
// ThumbHash placeholder. The original is served as uploaded (an animated GIF stays animated);
// only the thumbnail is decoded and re-encoded, which drops EXIF and GPS with everything else.

/** The longest side of a thumbnail, in pixels (a message shows images at most about 400 px wide). */
export const THUMBNAIL_SIZE = 640;
// ThumbHash encodes at most 100×100 pixels.
const THUMBHASH_SIZE = 100;

const TOO_MANY_PIXELS = `That image has too many pixels (at most ${MAX_INPUT_PIXELS / 1_000_000} megapixels).`;
const UNREADABLE = "That image could not be read: it may be damaged.";

export interface ImageFacts {
  /** After EXIF orientation: what the browser lays out. */
  width: number;
  height: number;
  thumbnail: Uint8Array;
  /** Base64. */
  thumbhash: string;
}

export async function describeImage(bytes: Uint8Array): Promise<ImageFacts> {
  let metadata: Metadata;
  try {
    // The header only, whatever size it claims, so that a bomb gets its own answer below.
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new AppError("invalid:file", UNREADABLE);
  }
  // Judged from the header before a pixel is decoded: a 50,000 × 50,000 PNG of a few kilobytes is
  // refused for what it claims. The decode below enforces the same limit should a header lie.
  if (metadata.width * (metadata.pageHeight ?? metadata.height) > MAX_INPUT_PIXELS) {
    throw new AppError("too_large:image", TOO_MANY_PIXELS);
  }
  try {
    // First frame only (animated: false), turned upright, at most THUMBNAIL_SIZE on its longer side.
    const thumbnail = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, animated: false })
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 76 })
      .toBuffer();
    const { data, info } = await sharp(thumbnail)
      .resize(THUMBHASH_SIZE, THUMBHASH_SIZE, { fit: "inside" })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const hash = rgbaToThumbHash(info.width, info.height, data);
    const { width, height } = metadata.autoOrient;
    return {
      width,
      height,
      thumbnail: new Uint8Array(thumbnail),
      thumbhash: Buffer.from(hash).toString("base64"),
    };
  } catch (error) {
    if (error instanceof Error && /pixel limit/i.test(error.message)) {
      throw new AppError("too_large:image", TOO_MANY_PIXELS);
    }
    // The header parsed but the pixel data did not (a truncated or corrupt file).
    throw new AppError("invalid:file", UNREADABLE);
  }
}
