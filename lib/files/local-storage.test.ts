import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseServerEnv } from "@/lib/env";
import { refusal } from "@/tests/support/refusal";
import { getFileStorage } from "./index";
import { isFileKey, newFileKey } from "./keys";
import { createLocalStorage } from "./local-storage";

let root: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "parley-files-"));
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe("local file storage", () => {
  it("stores, reads back with its content type, and deletes a file", async () => {
    const storage = createLocalStorage(path.join(root, "uploads"));
    const key = newFileKey("avatars", "webp");
    const bytes = new Uint8Array([1, 2, 3, 250]);

    await storage.put(key, bytes, "image/webp");
    expect(await storage.get(key)).toEqual({ bytes, contentType: "image/webp" });
    await expect(fs.readFile(path.join(root, "uploads", key))).resolves.toEqual(Buffer.from(bytes));

    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
    await expect(storage.delete(key)).resolves.toBeUndefined();
  });

  it("answers null for a well-formed key that was never stored", async () => {
    const storage = createLocalStorage(root);
    expect(await storage.get(newFileKey("avatars", "webp"))).toBeNull();
  });

  it("refuses keys that could leave the storage folder or were not generated", async () => {
    const storage = createLocalStorage(path.join(root, "uploads"));
    await fs.writeFile(path.join(root, "secret.txt"), "top secret");
    const hostile = [
      "../secret.txt",
      "avatars/../../secret.txt",
      "/etc/passwd",
      "avatars/..%2f..%2fsecret.txt",
      "avatars\\..\\secret.txt",
      "avatars/short.webp",
      "avatars/AAAAAAAAAAAAAAAAAAAAAAAA.webp.content-type",
      "",
    ];
    for (const key of hostile) {
      expect(isFileKey(key)).toBe(false);
      expect((await refusal(storage.get(key))).code).toBe("invalid:file_key");
      expect((await refusal(storage.put(key, new Uint8Array([1]), "text/plain"))).code).toBe(
        "invalid:file_key",
      );
      expect((await refusal(storage.delete(key))).code).toBe("invalid:file_key");
    }
    await expect(fs.readFile(path.join(root, "secret.txt"), "utf8")).resolves.toBe("top secret");
  });

  it("generates unique, well-formed keys and rejects unsafe folders", () => {
    const keys = new Set(Array.from({ length: 200 }, () => newFileKey("avatars", "webp")));
    expect(keys.size).toBe(200);
    for (const key of keys) expect(isFileKey(key)).toBe(true);
    expect(() => newFileKey("../x", "webp")).toThrow(/Invalid file folder/);
    expect(() => newFileKey("avatars", "we/bp")).toThrow(/Invalid file extension/);
  });
});

function streamOf(chunks: Uint8Array[], { failAfter }: { failAfter?: number } = {}) {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (failAfter !== undefined && sent === failAfter)
        return controller.error(new Error("connection reset"));
      const chunk = chunks[sent++];
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
  });
}

async function filesUnder(folder: string): Promise<string[]> {
  return (await fs.readdir(folder, { recursive: true }).catch(() => [])) as string[];
}

describe("local file storage, streaming", () => {
  it("streams a body to disk and reads it back whole or by range", async () => {
    const storage = createLocalStorage(path.join(root, "streams"));
    const key = newFileKey("attachments", "bin");
    const chunks = [new Uint8Array([0, 1, 2, 3]), new Uint8Array([4, 5, 6, 7, 8, 9])];
    const stored = await storage.putStream?.(key, streamOf(chunks), {
      contentType: "image/png",
      maxBytes: 10,
    });
    expect(stored).toEqual({ size: 10 });
    const whole = await storage.read?.(key);
    expect(whole?.size).toBe(10);
    expect(whole?.contentType).toBe("image/png");
    expect(new Uint8Array(await new Response(whole?.stream).arrayBuffer())).toEqual(
      new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
    );
    const part = await storage.read?.(key, { start: 3, end: 5 });
    expect(part?.size).toBe(10);
    expect(new Uint8Array(await new Response(part?.stream).arrayBuffer())).toEqual(new Uint8Array([3, 4, 5]));
    expect(await storage.read?.(newFileKey("attachments", "bin"))).toBeNull();
  });

  it("stops a body at maxBytes and leaves no file, partial or whole", async () => {
    const folder = path.join(root, "too-large");
    const storage = createLocalStorage(folder);
    const key = newFileKey("attachments", "bin");
    const chunks = Array.from({ length: 8 }, () => new Uint8Array(1024));
    const error = await refusal(
      storage.putStream?.(key, streamOf(chunks), {
        contentType: "application/octet-stream",
        maxBytes: 3000,
      }) ?? Promise.resolve(),
    );
    expect(error.code).toBe("too_large:file");
    expect(await filesUnder(path.join(folder, "attachments"))).toEqual([]);
  });

  it("leaves nothing when the body breaks off", async () => {
    const folder = path.join(root, "broken");
    const storage = createLocalStorage(folder);
    const key = newFileKey("attachments", "bin");
    const body = streamOf([new Uint8Array(100), new Uint8Array(100)], { failAfter: 1 });
    const error = await refusal(
      storage.putStream?.(key, body, { contentType: "application/octet-stream", maxBytes: 1000 }) ??
        Promise.resolve(),
    );
    expect(error.code).toBe("invalid:body");
    expect(await filesUnder(path.join(folder, "attachments"))).toEqual([]);
  });

  it("takes Node's own stream of chunks too (the lent request, lib/http/raw-body.ts) on the same terms", async () => {
    const folder = path.join(root, "node-streams");
    const storage = createLocalStorage(folder);
    const key = newFileKey("attachments", "bin");
    const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256));
    const stored = await storage.putStream?.(
      key,
      Readable.from([bytes.subarray(0, 100), bytes.subarray(100)]),
      {
        contentType: "application/octet-stream",
        maxBytes: 300,
      },
    );
    expect(stored).toEqual({ size: 300 });
    expect(Buffer.from((await storage.get(key))?.bytes ?? [])).toEqual(bytes);

    const refusing = createLocalStorage(path.join(folder, "refused"));
    const tooLarge = Readable.from([bytes, bytes]);
    const error = await refusal(
      refusing.putStream?.(newFileKey("attachments", "bin"), tooLarge, {
        contentType: "application/octet-stream",
        maxBytes: 400,
      }) ?? Promise.resolve(),
    );
    expect(error.code).toBe("too_large:file");
    // Stopped, not destroyed: the request's socket must live on to carry the 413.
    expect(tooLarge.destroyed).toBe(false);

    const broken = new Readable({
      read() {
        this.push(bytes);
        this.destroy(new Error("aborted"));
      },
    });
    const interrupted = await refusal(
      refusing.putStream?.(newFileKey("attachments", "bin"), broken, {
        contentType: "application/octet-stream",
        maxBytes: 1000,
      }) ?? Promise.resolve(),
    );
    expect(interrupted.code).toBe("invalid:body");
    expect(await filesUnder(path.join(folder, "refused", "attachments"))).toEqual([]);
  });

  it("refuses a hostile key before touching the disk", async () => {
    const storage = createLocalStorage(path.join(root, "hostile"));
    const error = await refusal(
      storage.putStream?.("../escape.bin", streamOf([]), { contentType: "text/plain", maxBytes: 10 }) ??
        Promise.resolve(),
    );
    expect(error.code).toBe("invalid:file_key");
    expect((await refusal(storage.read?.("../escape.bin") ?? Promise.resolve())).code).toBe(
      "invalid:file_key",
    );
  });
});

describe("getFileStorage", () => {
  it("uses local disk under DATA_DIR/uploads by default", async () => {
    const storage = getFileStorage(parseServerEnv({ NODE_ENV: "test", DATA_DIR: root }));
    const key = newFileKey("avatars", "png");
    await storage.put(key, new Uint8Array([9]), "image/png");
    await expect(fs.stat(path.join(root, "uploads", key))).resolves.toBeTruthy();
  });

  it("uses the uploadthing driver when UPLOADTHING_TOKEN is set", () => {
    const token = btoa(JSON.stringify({ apiKey: "sk_live_x", appId: "app", regions: ["sea1"] }));
    const env = parseServerEnv({ NODE_ENV: "test", DATA_DIR: root, UPLOADTHING_TOKEN: token });
    expect((getFileStorage(env) as { driver?: string }).driver).toBe("uploadthing");
  });
});
