import sharp from "sharp";

// Files for the bad-input tests, built from real PNGs so only the tested property is wrong.

export function smallPng(width = 40, height = 30): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: "#2563eb" } })
    .png()
    .toBuffer();
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid PNG whose header claims width × height (a decompression bomb's header, 50,000² by default). */
export async function pngBomb(width = 50_000, height = 50_000): Promise<Buffer> {
  const png = await smallPng();
  const ihdr = Buffer.from(png.subarray(16, 29));
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  return Buffer.concat([png.subarray(0, 8), chunk("IHDR", ihdr), png.subarray(33)]);
}

/** A real PNG that also carries an HTML page in a text chunk near its start (a polyglot). */
export async function pngPolyglot(): Promise<Buffer> {
  const png = await smallPng();
  const text = chunk(
    "tEXt",
    Buffer.from("Comment\0<html><body><script>alert(document.cookie)</script></body></html>", "latin1"),
  );
  return Buffer.concat([png.subarray(0, 33), text, png.subarray(33)]);
}

export const htmlPage = Buffer.from(
  "<!doctype html><html><body><script>alert(document.cookie)</script></body></html>",
);

export const svgImage = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
);

/** A minimal one-page PDF. */
export const pdfDocument = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/MediaBox[0 0 10 10]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);
