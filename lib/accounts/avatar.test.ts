import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalStorage } from "@/lib/files/local-storage";
import type { FileStorage } from "@/lib/files/storage";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { refusal } from "@/tests/support/refusal";
import { removeAvatar, setAvatar } from "./avatar";
import { avatarCropSchema, avatarKeyFromUrl } from "./avatar-schemas";
import { deleteAccount } from "./delete-account";

let database: TestDatabase;
let root: string;
let storage: FileStorage;

beforeAll(async () => {
  database = await createTestDatabase();
  root = await fs.mkdtemp(path.join(os.tmpdir(), "parley-avatar-"));
  storage = createLocalStorage(root);
});
afterAll(async () => {
  await database?.drop();
  await fs.rm(root, { recursive: true, force: true });
});

let counter = 0;
async function newUser() {
  counter += 1;
  return database.db.user.create({
    data: { username: `avatar_user_${counter}`, displayName: `Avatar ${counter}` },
    select: { id: true },
  });
}

/** A 300×200 PNG: left half red, right half blue, with an EXIF block that must not survive. */
async function sampleImage(): Promise<Uint8Array> {
  const red = await sharp({ create: { width: 150, height: 200, channels: 3, background: "#ff0000" } })
    .png()
    .toBuffer();
  const image = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#0000ff" } })
    .composite([{ input: red, left: 0, top: 0 }])
    .withExif({ IFD0: { Artist: "Secret Location" } })
    .png()
    .toBuffer();
  return new Uint8Array(image);
}

/** A valid PNG header declaring `width`×`height` 8-bit grey pixels, with one compressed row of data. */
function pngDeclaring(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, no interlace
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", header),
      chunk("IDAT", zlib.deflateSync(Buffer.alloc(width + 1))),
      chunk("IEND", Buffer.alloc(0)),
    ]),
  );
}

async function storedAvatarOf(userId: string) {
  const { avatar } = await database.db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { avatar: true },
  });
  return avatar;
}

describe("setAvatar", () => {
  it("stores the cropped square as a 256×256 WebP without metadata and replaces the old file", async () => {
    const user = await newUser();
    const bytes = await sampleImage();
    expect((await sharp(bytes).metadata()).exif).toBeDefined();

    const first = await setAvatar({
      db: database.db,
      storage,
      actor: user,
      bytes,
      crop: { x: 0, y: 0, width: 150, height: 150 },
    });
    expect(first.avatar).toMatch(/^\/api\/files\/avatars\/[A-Za-z0-9_-]{24}\.webp$/);
    expect(await storedAvatarOf(user.id)).toBe(first.avatar);
    const firstKey = avatarKeyFromUrl(first.avatar) ?? "";
    const stored = await storage.get(firstKey);
    expect(stored?.contentType).toBe("image/webp");
    const metadata = await sharp(stored?.bytes).metadata();
    expect(metadata).toMatchObject({ format: "webp", width: 256, height: 256 });
    expect(metadata.exif).toBeUndefined();
    // The crop took the red half: the centre pixel is red.
    const { data } = await sharp(stored?.bytes)
      .extract({ left: 128, top: 128, width: 1, height: 1 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(200);
    expect(data[2]).toBeLessThan(50);

    const second = await setAvatar({
      db: database.db,
      storage,
      actor: user,
      bytes,
      crop: { x: 150, y: 0, width: 150, height: 150 },
    });
    expect(second.avatar).not.toBe(first.avatar);
    expect(await storage.get(firstKey)).toBeNull();
    expect(await storage.get(avatarKeyFromUrl(second.avatar) ?? "")).not.toBeNull();

    await removeAvatar({ db: database.db, storage, actor: user });
    expect(await storedAvatarOf(user.id)).toBeNull();
    expect(await storage.get(avatarKeyFromUrl(second.avatar) ?? "")).toBeNull();
  });

  it("refuses a file that is not an image and changes nothing", async () => {
    const user = await newUser();
    const original = await setAvatar({
      db: database.db,
      storage,
      actor: user,
      bytes: await sampleImage(),
      crop: { x: 0, y: 0, width: 200, height: 200 },
    });
    const crop = { x: 0, y: 0, width: 10, height: 10 };
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
    );
    const truncatedPng = (await sampleImage()).slice(0, 120);
    for (const bytes of [new TextEncoder().encode("just some text"), svg, truncatedPng, new Uint8Array()]) {
      const error = await refusal(setAvatar({ db: database.db, storage, actor: user, bytes, crop }));
      expect(error.code).toBe("invalid:avatar");
      expect(error.message).toBe("That file is not an image.");
      expect(error.status).toBe(400);
    }
    expect(await storedAvatarOf(user.id)).toBe(original.avatar);
    expect(await fs.readdir(path.join(root, "avatars"))).toContain(path.basename(original.avatar));
  });

  it("refuses a decompression bomb from its header, before decoding a pixel", async () => {
    const user = await newUser();
    // 16000² is under sharp's own default limit (about 268 megapixels), 20000² over it.
    for (const side of [16_000, 20_000]) {
      const bomb = pngDeclaring(side, side);
      expect(bomb.byteLength).toBeLessThan(100_000);
      const before = process.memoryUsage().rss;
      const error = await refusal(
        setAvatar({
          db: database.db,
          storage,
          actor: user,
          bytes: bomb,
          crop: { x: 0, y: 0, width: side, height: side },
        }),
      );
      expect(error.code).toBe("invalid:avatar");
      expect(error.status).toBe(400);
      expect(error.message).toMatch(/too many pixels \(at most 40 megapixels\)/);
      // Decoding would have taken a quarter of a gigabyte or more.
      expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    }
    expect(await storedAvatarOf(user.id)).toBeNull();
  });

  it("refuses an image over 5 MB before decoding it, and changes nothing", async () => {
    const user = await newUser();
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(await sampleImage());
    const error = await refusal(
      setAvatar({
        db: database.db,
        storage,
        actor: user,
        bytes: big,
        crop: { x: 0, y: 0, width: 10, height: 10 },
      }),
    );
    expect(error.code).toBe("too_large:avatar");
    expect(error.status).toBe(413);
    expect(error.message).toMatch(/larger than 5 MB/);
    expect(await storedAvatarOf(user.id)).toBeNull();
  });

  it("refuses a crop outside the real image", async () => {
    const user = await newUser();
    const bytes = await sampleImage();
    for (const crop of [
      { x: 200, y: 0, width: 150, height: 150 },
      { x: 0, y: 100, width: 150, height: 150 },
      { x: 0, y: 0, width: 400, height: 400 },
    ]) {
      expect((await refusal(setAvatar({ db: database.db, storage, actor: user, bytes, crop }))).code).toBe(
        "invalid:crop",
      );
    }
    expect(await storedAvatarOf(user.id)).toBeNull();
  });

  it("answers not found for a deleted account and leaves no file behind", async () => {
    const user = await newUser();
    await database.db.user.update({ where: { id: user.id }, data: { deletedAt: new Date() } });
    const before = await fs.readdir(path.join(root, "avatars")).catch(() => []);
    const error = await refusal(
      setAvatar({
        db: database.db,
        storage,
        actor: user,
        bytes: await sampleImage(),
        crop: { x: 0, y: 0, width: 100, height: 100 },
      }),
    );
    expect(error.code).toBe("not_found:account");
    expect(await fs.readdir(path.join(root, "avatars"))).toEqual(before);
  });
});

describe("deleteAccount", () => {
  it("deletes the uploaded avatar file with the account", async () => {
    const user = await newUser();
    const { avatar } = await setAvatar({
      db: database.db,
      storage,
      actor: user,
      bytes: await sampleImage(),
      crop: { x: 0, y: 0, width: 100, height: 100 },
    });
    const key = avatarKeyFromUrl(avatar) ?? "";
    expect(await storage.get(key)).not.toBeNull();
    // An OAuth-only account (no password): no limiter is consulted.
    const limiters = {} as Parameters<typeof deleteAccount>[0]["limiters"];
    const username = `avatar_user_${counter}`;
    await deleteAccount({
      db: database.db,
      limiters,
      storage,
      actor: user,
      input: { confirmUsername: username, password: "" },
    });
    expect(await storage.get(key)).toBeNull();
    expect(await storedAvatarOf(user.id)).toBeNull();
  });
});

describe("avatarCropSchema", () => {
  it("accepts near-square whole-pixel crops and refuses the rest", () => {
    expect(avatarCropSchema.safeParse({ x: 0, y: 0, width: 100, height: 101 }).success).toBe(true);
    expect(avatarCropSchema.safeParse({ x: 0, y: 0, width: 100, height: 150 }).success).toBe(false);
    expect(avatarCropSchema.safeParse({ x: -1, y: 0, width: 100, height: 100 }).success).toBe(false);
    expect(avatarCropSchema.safeParse({ x: 0.5, y: 0, width: 100, height: 100 }).success).toBe(false);
    expect(avatarCropSchema.safeParse({ x: 0, y: 0, width: 0, height: 0 }).success).toBe(false);
  });
});
