import "server-only";
import sharp, { type Metadata } from "sharp";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { type AvatarCrop, avatarLimits } from "./avatar-schemas";

// sharp reports AVIF as "heif" with av1 compression; other HEIF flavours (HEVC) are refused below.
// SVG and TIFF decode too but are refused: SVG is a document that can carry script.
const DECODABLE_FORMATS = new Set(["jpeg", "png", "webp", "gif", "heif"]);
const NOT_AN_IMAGE = "That file is not an image.";

/**
 * The most pixels an upload may decode to. sharp's own default (about 268 million) lets a
 * few-kilobyte PNG that declares 16384×16384 pixels make libvips allocate a gigabyte; 40 million
 * is more than any phone camera's photo (8000×5000) and at most 160 MB decoded.
 */
export const MAX_INPUT_PIXELS = 40_000_000;
const TOO_MANY_PIXELS = `That image has too many pixels (at most ${MAX_INPUT_PIXELS / 1_000_000} megapixels). Choose a smaller one.`;

/** Every decode of an upload goes through this: the pixel limit is never forgotten. */
function decode(bytes: Uint8Array) {
  return sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS });
}

/** Width and height as the browser shows the image, i.e. after its EXIF orientation. */
async function displayedSize(bytes: Uint8Array): Promise<{ width: number; height: number }> {
  let metadata: Metadata;
  try {
    // The header only, whatever size it claims, so that a bomb gets its own answer below.
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    // sharp's messages name codecs and internals; the person only needs to know it was not an image.
    throw new AppError("invalid:avatar", NOT_AN_IMAGE, { fields: { avatar: NOT_AN_IMAGE } });
  }
  const isAvif = metadata.format === "heif" && metadata.compression === "av1";
  if (
    !metadata.format ||
    !DECODABLE_FORMATS.has(metadata.format) ||
    (metadata.format === "heif" && !isAvif)
  ) {
    throw new AppError("invalid:avatar", NOT_AN_IMAGE, { fields: { avatar: NOT_AN_IMAGE } });
  }
  // Judged from the header, before any pixel is decoded: a decompression bomb is refused for what
  // it claims to be. (The decode below enforces the same limit should a header understate it.)
  // Only the first frame of an animation is decoded.
  if (metadata.width * (metadata.pageHeight ?? metadata.height) > MAX_INPUT_PIXELS) {
    throw new AppError("invalid:avatar", TOO_MANY_PIXELS, { fields: { avatar: TOO_MANY_PIXELS } });
  }
  const { width, height } = metadata.autoOrient;
  return { width, height };
}

/**
 * Turns an upload into the stored avatar: checks it is a real image within the size limit,
 * applies the square crop the person chose (in displayed-image pixels), and re-encodes it as a
 * 256×256 WebP. Re-encoding drops EXIF/GPS and anything else riding in the original file.
 */
export async function renderAvatar({
  bytes,
  crop: chosen,
}: {
  bytes: Uint8Array;
  /** Without one, the largest centred square (group icons picked without a cropper). */
  crop?: AvatarCrop;
}): Promise<Uint8Array> {
  if (bytes.byteLength > avatarLimits.maxBytes) {
    throw new AppError("too_large:avatar", avatarLimits.tooLargeMessage, {
      fields: { avatar: avatarLimits.tooLargeMessage },
    });
  }
  const size = await displayedSize(bytes);
  const crop = chosen ?? centredSquare(size);
  const region = cropWithin(size).safeParse(crop);
  if (!region.success) {
    const message = "The crop must lie inside the image.";
    throw new AppError("invalid:crop", message, { fields: { crop: message } });
  }
  try {
    const output = await decode(bytes)
      .autoOrient()
      .extract({ left: crop.x, top: crop.y, width: crop.width, height: crop.height })
      .resize(avatarLimits.size, avatarLimits.size, { fit: "cover" })
      .webp({ quality: 82 })
      .toBuffer();
    return new Uint8Array(output);
  } catch {
    // The header parsed but the pixel data did not (a truncated or corrupt file).
    throw new AppError("invalid:avatar", NOT_AN_IMAGE, { fields: { avatar: NOT_AN_IMAGE } });
  }
}

function cropWithin({ width, height }: { width: number; height: number }) {
  return z
    .object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() })
    .refine((c) => c.x + c.width <= width && c.y + c.height <= height);
}

function centredSquare({ width, height }: { width: number; height: number }): AvatarCrop {
  const side = Math.min(width, height);
  return { x: Math.floor((width - side) / 2), y: Math.floor((height - side) / 2), width: side, height: side };
}
