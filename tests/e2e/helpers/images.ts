import sharp from "sharp";

/** A small PNG with a red left half and a blue right half, made fresh for each test. */
export async function twoColourPng(width = 120, height = 80): Promise<Buffer> {
  const left = await sharp({ create: { width: width / 2, height, channels: 3, background: "#dc2626" } })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: "#2563eb" } })
    .composite([{ input: left, left: 0, top: 0 }])
    .png()
    .toBuffer();
}
