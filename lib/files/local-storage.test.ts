import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
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
