import { UTApi, UTFile } from "uploadthing/server";
import type { ServerEnv } from "@/lib/env";
import { assertFileKey } from "../keys";
import type { FileStorage, StoredFile } from "../storage";
import { customIdForKey, uploadthingConfig } from "./config";

// Files on uploadthing, addressed by our own key (as the file's customId), always private: a
// browser only ever gets a short-lived signed URL, and only after the app's own access check.

const SERVER_READ_SECONDS = 60;

export type UploadthingStorage = FileStorage & {
  readonly driver: "uploadthing";
  signedUrl(key: string, options: { expiresInSeconds: number; downloadName?: string }): Promise<string>;
  read(
    key: string,
    range?: { start: number; end: number },
  ): Promise<{ stream: ReadableStream<Uint8Array>; size: number; contentType: string } | null>;
};

export function createUploadthingStorage(env: ServerEnv): UploadthingStorage {
  const utapi = new UTApi(uploadthingConfig(env));

  const signedUrl = async (key: string, options: { expiresInSeconds: number }) => {
    assertFileKey(key);
    const { ufsUrl } = await utapi.generateSignedURL(customIdForKey(key), {
      expiresIn: options.expiresInSeconds,
    });
    return ufsUrl;
  };

  return {
    driver: "uploadthing" as const,

    async put(key, bytes, contentType) {
      assertFileKey(key);
      const name = key.slice(key.indexOf("/") + 1);
      const file = new UTFile([bytes as BlobPart], name, {
        type: contentType,
        customId: customIdForKey(key),
      });
      const result = await utapi.uploadFiles(file, { acl: "private", contentDisposition: "inline" });
      if (result.error)
        throw new Error(`uploadthing upload failed: ${result.error.code} ${result.error.message}`);
    },

    async get(key): Promise<StoredFile | null> {
      const response = await fetch(await signedUrl(key, { expiresInSeconds: SERVER_READ_SECONDS }));
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      if (!response.ok) throw new Error(`uploadthing file read failed: HTTP ${response.status}`);
      return {
        bytes: new Uint8Array(await response.arrayBuffer()),
        contentType: response.headers.get("content-type") ?? "application/octet-stream",
      };
    },

    // A range read (how the first bytes are sniffed without downloading the whole file).
    async read(key, range) {
      const url = await signedUrl(key, { expiresInSeconds: SERVER_READ_SECONDS });
      const response = await fetch(
        url,
        range ? { headers: { range: `bytes=${range.start}-${range.end}` } } : {},
      );
      if (response.status === 404 || response.status === 416) {
        await response.body?.cancel();
        return response.status === 404
          ? null
          : { stream: new Blob([]).stream(), size: 0, contentType: "application/octet-stream" };
      }
      if (!response.ok || !response.body)
        throw new Error(`uploadthing file read failed: HTTP ${response.status}`);
      const total = /\/(\d+)$/.exec(response.headers.get("content-range") ?? "")?.[1];
      return {
        stream: response.body,
        size: Number(total ?? response.headers.get("content-length") ?? 0),
        contentType: response.headers.get("content-type") ?? "application/octet-stream",
      };
    },

    async delete(key) {
      assertFileKey(key);
      // Deleting a customId that is not there answers deletedCount 0: idempotent as the interface asks.
      await utapi.deleteFiles(customIdForKey(key), { keyType: "customId" });
    },

    signedUrl,
  };
}
