import { randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";

// `{folder}/{random id}.{extension}`, e.g. `avatars/Qm9x….webp`. The id carries 144 random bits
// and is base64url, so a key names unique content (safe to cache forever) and can never contain
// a path separator, a dot-dot segment or anything a filesystem or URL would interpret.
const FOLDER = /^[a-z][a-z0-9-]{0,31}$/;
const EXTENSION = /^[a-z0-9]{1,8}$/;
const KEY = /^[a-z][a-z0-9-]{0,31}\/[A-Za-z0-9_-]{24}\.[a-z0-9]{1,8}$/;

export function newFileKey(folder: string, extension: string): string {
  if (!FOLDER.test(folder)) throw new Error(`Invalid file folder "${folder}"`);
  if (!EXTENSION.test(extension)) throw new Error(`Invalid file extension "${extension}"`);
  return `${folder}/${randomBytes(18).toString("base64url")}.${extension}`;
}

export function isFileKey(key: string): boolean {
  return KEY.test(key);
}

/** Drivers call this before touching storage: a malformed key is a bug or an attack, never a file. */
export function assertFileKey(key: string): void {
  if (!isFileKey(key)) throw new AppError("invalid:file_key", "That file name is not valid.");
}
