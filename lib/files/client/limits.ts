import { formatBytes } from "@/lib/files/format-bytes";

/** The upload limits the browser checks before sending anything; the server enforces them again. */
export interface UploadLimits {
  maxFileBytes: number;
  maxFilesPerMessage: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { maxFileBytes: 25 * 1024 * 1024, maxFilesPerMessage: 10 };

/**
 * Splits chosen files into those that may be uploaded and a message about the rest: too many for
 * one message (after those already attached), or too large.
 */
export function checkFiles(
  files: File[],
  alreadyAttached: number,
  limits: UploadLimits,
): { accepted: File[]; refusal: string | null } {
  const refusals: string[] = [];
  const fitting = files.filter((file) => {
    if (file.size > limits.maxFileBytes) {
      refusals.push(`${file.name} is larger than ${formatBytes(limits.maxFileBytes)}.`);
      return false;
    }
    if (file.size === 0) {
      refusals.push(`${file.name} is empty.`);
      return false;
    }
    return true;
  });
  const room = Math.max(0, limits.maxFilesPerMessage - alreadyAttached);
  const accepted = fitting.slice(0, room);
  if (fitting.length > room) {
    refusals.push(`A message can carry at most ${limits.maxFilesPerMessage} files.`);
  }
  return { accepted, refusal: refusals.length > 0 ? refusals.join(" ") : null };
}
