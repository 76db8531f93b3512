import "server-only";
import { fileTypeFromBuffer, supportedExtensions } from "file-type";
import { AppError } from "@/lib/errors";
import { judgeFile, SNIFF_BYTES } from "./policy";
import type { FileStorage } from "./storage";

/** The first bytes of a stored file: enough to sniff, never the whole file. */
export async function readHead(storage: FileStorage, key: string): Promise<Uint8Array> {
  if (storage.read) {
    const opened = await storage.read(key, { start: 0, end: SNIFF_BYTES - 1 });
    if (!opened) throw new AppError("invalid:file", "The uploaded file was not found.");
    return new Uint8Array(await new Response(opened.stream).arrayBuffer());
  }
  const file = await storage.get(key);
  if (!file) throw new AppError("invalid:file", "The uploaded file was not found.");
  return file.bytes.subarray(0, SNIFF_BYTES);
}

/** The sniffed type of a file named `name` whose first bytes are `head`, or a 415 naming why not. */
export async function sniffAcceptedType(name: string, head: Uint8Array): Promise<string> {
  const sniffed = await fileTypeFromBuffer(head);
  const verdict = judgeFile({ name, head, sniffed, sniffableExtensions: supportedExtensions });
  if (!verdict.ok) throw new AppError(verdict.code, verdict.message);
  return verdict.mimeType;
}
