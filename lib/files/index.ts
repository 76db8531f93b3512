import "server-only";
import path from "node:path";
import { getEnv, type ServerEnv } from "@/lib/env";
import { createLocalStorage } from "./local-storage";
import type { FileStorage } from "./storage";
import { getStorageKind } from "./storage-kind";

export { assertFileKey, isFileKey, newFileKey } from "./keys";
export type { ByteRange, FileReadStream, FileStorage, StorageDriver, StoredFile } from "./storage";

let cached: { env: ServerEnv; storage: FileStorage } | undefined;

/** The configured file storage: local disk under `{DATA_DIR}/uploads`, or uploadthing. */
export function getFileStorage(env: ServerEnv = getEnv()): FileStorage {
  if (cached?.env === env) return cached.storage;
  const kind = getStorageKind(env);
  if (kind === "uploadthing") {
    // Refuse loudly rather than silently writing to disk while the operator expects uploadthing.
    throw new Error(
      "uploadthing storage is not available in this build: unset UPLOADTHING_TOKEN to store files under DATA_DIR/uploads.",
    );
  }
  const storage = createLocalStorage(path.join(env.dataDir, "uploads"));
  cached = { env, storage };
  return storage;
}
