import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
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

  return {
    async put(key, bytes, contentType) {
      const file = pathOf(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      // Write then rename, so a reader never sees half a file.
      const temporary = `${file}.${process.pid}-${Date.now()}.partial`;
      await fs.writeFile(`${file}${TYPE_SUFFIX}`, contentType);
      await fs.writeFile(temporary, bytes);
      await fs.rename(temporary, file);
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
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
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
