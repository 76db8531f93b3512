import { getEnv, type ServerEnv } from "@/lib/env";

/** The attachment limits of this server (lib/env.ts); the browser gets them as props. */
export interface UploadLimits {
  maxFileBytes: number;
  maxFilesPerMessage: number;
  quotaBytesPerUser: number;
}

export function getUploadLimits(env: ServerEnv = getEnv()): UploadLimits {
  return {
    maxFileBytes: env.UPLOAD_MAX_FILE_BYTES,
    maxFilesPerMessage: env.UPLOAD_MAX_FILES_PER_MESSAGE,
    quotaBytesPerUser: env.UPLOAD_QUOTA_BYTES_PER_USER,
  };
}
