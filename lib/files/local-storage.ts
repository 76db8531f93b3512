import "server-only";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { AppError } from "@/lib/errors";
import { formatBytes } from "./format-bytes";
import { assertFileKey } from "./keys";
import type { FileStorage, StoredFile } from "./storage";

// The content type is kept in a sidecar file beside the bytes. Its suffix contains a dash, which a
// valid key's extension cannot, so no key ever names a sidecar.
const TYPE_SUFFIX = ".content-type";

/** Files on local disk under `root` (by default `{DATA_DIR}/uploads`). */
export function createLocalStorage(root: string): FileStorage {
  const resolvedRoot = path.resolve(root);
  const pathOf = (key: string) => {
    assertFileKey(key);
    const file = path.resolve(resolvedRoot, key);
    // Defence in depth: the key format already rules this out.
    if (!file.startsWith(resolvedRoot + path.sep)) throw new Error(`File key escapes storage root: ${key}`);
    return file;
  };
  // Partial files carry a suffix no key can have, so a reader never sees half a file.
  const temporaryOf = (file: string) => `${file}.${process.pid}-${randomBytes(6).toString("hex")}.partial`;

  return {
    driver: "local",
    async put(key, bytes, contentType) {
      const file = pathOf(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      const temporary = temporaryOf(file);
      await fs.writeFile(`${file}${TYPE_SUFFIX}`, contentType);
      await fs.writeFile(temporary, bytes);
      await fs.rename(temporary, file);
    },

    async putStream(key, body, { contentType, maxBytes }) {
      const file = pathOf(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      const temporary = temporaryOf(file);
      const output = createWriteStream(temporary, { flags: "wx" });
      const failed = new Promise<never>((_, reject) => output.once("error", reject));
      failed.catch(() => {});
      const chunks = openChunks(body);
      let size = 0;
      try {
        try {
          for (;;) {
            const { done, value } = await Promise.race([
              chunks.read().catch(() => {
                throw new AppError("invalid:body", "The upload was interrupted.");
              }),
              failed,
            ]);
            if (done) break;
            size += value.byteLength;
            // Not cancelled: cancelling would destroy the socket before the 413 is written (see
            // lib/http/read-body.ts); the answer closes the connection instead.
            if (size > maxBytes) throw tooLarge(maxBytes);
            // Buffered by the write stream; wait only when it asks to (backpressure).
            if (!output.write(value)) await Promise.race([once(output, "drain"), failed]);
          }
        } finally {
          chunks.release();
          await new Promise<void>((resolve) => output.end(resolve));
        }
        await Promise.race([failed, Promise.resolve()]);
        await fs.writeFile(`${file}${TYPE_SUFFIX}`, contentType);
        await fs.rename(temporary, file);
      } catch (error) {
        output.destroy();
        await fs.rm(temporary, { force: true });
        await fs.rm(`${file}${TYPE_SUFFIX}`, { force: true });
        throw error;
      }
      return { size };
    },

    async get(key): Promise<StoredFile | null> {
      const file = pathOf(key);
      try {
        const [bytes, contentType] = await Promise.all([
          fs.readFile(file),
          fs.readFile(`${file}${TYPE_SUFFIX}`, "utf8"),
        ]);
        return { bytes: new Uint8Array(bytes), contentType };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async read(key, range) {
      const file = pathOf(key);
      let handle: fs.FileHandle;
      try {
        handle = await fs.open(file, "r");
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
      try {
        const [{ size }, contentType] = await Promise.all([
          handle.stat(),
          fs.readFile(`${file}${TYPE_SUFFIX}`, "utf8").catch(() => "application/octet-stream"),
        ]);
        // The open handle keeps reading the same file even if it is deleted meanwhile.
        const nodeStream = createReadStream("", {
          fd: handle,
          start: range?.start ?? 0,
          end: range?.end ?? Math.max(size - 1, 0),
          autoClose: true,
        });
        const stream = Readable.toWeb(nodeStream) as unknown as ReadableStream<Uint8Array>;
        return { stream, size, contentType };
      } catch (error) {
        await handle.close();
        throw error;
      }
    },

    async delete(key) {
      const file = pathOf(key);
      await fs.rm(file, { force: true });
      await fs.rm(`${file}${TYPE_SUFFIX}`, { force: true });
    },
  };
}

/**
 * Reads a web stream or an async iterable one chunk at a time. Nothing is cancelled when reading
 * stops early: cancelling would destroy the socket before the 413 is written (see
 * lib/http/read-body.ts); the answer closes the connection instead.
 */
function openChunks(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>) {
  if (body instanceof ReadableStream) {
    const reader = body.getReader();
    return { read: () => reader.read(), release: () => reader.releaseLock() };
  }
  const iterator = body[Symbol.asyncIterator]();
  return { read: () => iterator.next(), release: () => {} };
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === "ENOENT";
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("too_large:file", `That file is too large (at most ${formatBytes(maxBytes)}).`);
}
