import { deflateSync } from "node:zlib";
import sharp from "sharp";

// Test-only: small real files, and hostile ones, built in memory.

export async function pngBytes(width = 40, height = 30, background = "#c0392b"): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background } })
      .png()
      .toBuffer(),
  );
}

/** A JPEG stored 40×20 with EXIF orientation 6: shown rotated, 20×40. */
export async function rotatedJpegBytes(): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width: 40, height: 20, channels: 3, background: "#2980b9" } })
      .jpeg()
      .withMetadata({ orientation: 6, exif: { IFD0: { Copyright: "secret-exif-marker" } } })
      .toBuffer(),
  );
}

export async function animatedGifBytes(): Promise<Uint8Array> {
  const frame = (background: string) =>
    sharp({ create: { width: 12, height: 10, channels: 4, background } })
      .png()
      .toBuffer();
  const frames = [await frame("#ff0000"), await frame("#0000ff")];
  return new Uint8Array(
    await sharp(frames, { join: { animated: true } })
      .gif({ delay: [100, 100], loop: 0 })
      .toBuffer(),
  );
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.byteLength);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A PNG of a few hundred bytes whose header claims `width` × `height` pixels (a decompression
 * bomb): the IDAT holds only a few compressed rows, so nothing of that size is ever allocated here.
 */
export function pngBombBytes(width = 50_000, height = 50_000): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(0, 9); // greyscale
  const rows = Buffer.alloc(4 * (width + 1)); // four rows of zeros, filter byte each
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", ihdr),
      chunk("IDAT", deflateSync(rows, { level: 9 })),
      chunk("IEND", new Uint8Array(0)),
    ]),
  );
}

/** A real PNG carrying a page in a tEXt chunk right after its header: a browser sniffing it finds HTML. */
export async function polyglotPngBytes(): Promise<Uint8Array> {
  const png = Buffer.from(await pngBytes(8, 8));
  const text = chunk(
    "tEXt",
    Buffer.from("Comment\0<html><script>alert(document.cookie)</script></html>", "latin1"),
  );
  // After the 8-byte signature and the 25-byte IHDR chunk.
  return new Uint8Array(Buffer.concat([png.subarray(0, 33), text, png.subarray(33)]));
}

export const HTML_PAGE = new TextEncoder().encode(
  "<!DOCTYPE html><html><body><script>fetch('/api/account').then(r=>r.text()).then(alert)</script></body></html>",
);

export const SVG_IMAGE = new TextEncoder().encode(
  '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="5"/></svg>',
);

/** A minimal PDF (enough for file-type to call it one). */
export const PDF_BYTES = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);
