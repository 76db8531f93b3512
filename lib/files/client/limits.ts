/** The upload limits the browser checks before sending anything; the server enforces them again. */
export interface UploadLimits {
  maxFileBytes: number;
  maxFilesPerMessage: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { maxFileBytes: 25 * 1024 * 1024, maxFilesPerMessage: 10 };

/** "2.4 MB", "830 KB", "12 bytes" (1 KB = 1024 bytes, as the limits are set). */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

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
      refusals.push(`${file.name} is larger than ${formatFileSize(limits.maxFileBytes)}.`);
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
