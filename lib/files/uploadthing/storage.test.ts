import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseServerEnv } from "@/lib/env";
import { startUploadthingStandIn, type UploadthingStandIn } from "@/tests/uploadthing-stand-in";
import { newFileKey } from "../keys";
import { customIdForKey } from "./config";
import { createUploadthingStorage, type UploadthingStorage } from "./storage";

// The uploadthing driver through the official SDK (UTApi) against the local stand-in.

let standIn: UploadthingStandIn;
let storage: UploadthingStorage;

beforeAll(async () => {
  standIn = await startUploadthingStandIn();
  storage = createUploadthingStorage(parseServerEnv({ NODE_ENV: "test", ...standIn.env }));
});
afterAll(() => standIn.stop());

describe("uploadthing storage", () => {
  it("puts a private file under its key as customId, gets it back, reads a range", async () => {
    const key = newFileKey("avatars", "png");
    await storage.put(key, new Uint8Array([1, 2, 3, 4, 5]), "image/png");
    const stored = standIn.files().find((f) => f.customId === customIdForKey(key));
    expect(stored).toMatchObject({ acl: "private", size: 5, type: "image/png" });
    expect(await storage.get(key)).toEqual({
      bytes: new Uint8Array([1, 2, 3, 4, 5]),
      contentType: "image/png",
    });
    const head = await storage.read(key, { start: 0, end: 1 });
    expect(head?.size).toBe(5);
    expect(new Uint8Array(await new Response(head?.stream).arrayBuffer())).toEqual(new Uint8Array([1, 2]));
  });

  it("hands out a short-lived signed URL; the bare file URL is refused", async () => {
    const key = newFileKey("attachments", "txt");
    await storage.put(key, new TextEncoder().encode("signed"), "text/plain");
    const url = await storage.signedUrl(key, { expiresInSeconds: 30 });
    expect(new URL(url).searchParams.get("signature")).toMatch(/^hmac-sha256=[0-9a-f]{64}$/);
    expect(Number(new URL(url).searchParams.get("expires"))).toBeLessThanOrEqual(Date.now() + 31_000);
    expect(await (await fetch(url)).text()).toBe("signed");
    expect((await fetch(url.slice(0, url.indexOf("?")))).status).toBe(403);
  });

  it("get answers null for a missing key; delete is idempotent", async () => {
    const key = newFileKey("group-icons", "webp");
    expect(await storage.get(key)).toBeNull();
    await storage.put(key, new Uint8Array([7]), "image/webp");
    await storage.delete(key);
    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
    expect(standIn.files().some((f) => f.customId === customIdForKey(key))).toBe(false);
  });

  it("refuses keys that newFileKey did not make", async () => {
    await expect(storage.put("../etc/passwd", new Uint8Array([1]), "text/plain")).rejects.toThrow(
      /not valid/,
    );
    await expect(storage.signedUrl("attachments/../../x", { expiresInSeconds: 5 })).rejects.toThrow(
      /not valid/,
    );
  });
});
