import { getEnv, type ServerEnv } from "@/lib/env";

export type StorageKind = "local" | "uploadthing";

/** Files go to uploadthing when a token is configured, else to local disk under the data folder. */
export function getStorageKind(env: ServerEnv = getEnv()): StorageKind {
  return env.UPLOADTHING_TOKEN ? "uploadthing" : "local";
}
