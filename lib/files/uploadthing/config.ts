import type { ServerEnv } from "@/lib/env";

/**
 * The SDK's configuration, handed over explicitly from lib/env (the SDK would also read
 * process.env itself; passing it keeps lib/env the one reader and the values validated).
 */
export function uploadthingConfig(env: ServerEnv) {
  if (!env.UPLOADTHING_TOKEN) throw new Error("UPLOADTHING_TOKEN is not set");
  return {
    token: env.UPLOADTHING_TOKEN,
    ...(env.UPLOADTHING_INGEST_URL && { ingestUrl: env.UPLOADTHING_INGEST_URL }),
    ...(env.UPLOADTHING_API_URL && { apiUrl: env.UPLOADTHING_API_URL }),
    ...(env.UPLOADTHING_UFS_HOST && { ufsHost: env.UPLOADTHING_UFS_HOST }),
    ...(env.UPLOADTHING_UFS_APP_ID_LOCATION && { ufsAppIdLocation: env.UPLOADTHING_UFS_APP_ID_LOCATION }),
    ...(env.UPLOADTHING_CALLBACK_URL && { callbackUrl: env.UPLOADTHING_CALLBACK_URL }),
    logLevel: env.NODE_ENV === "production" ? ("Warning" as const) : ("Error" as const),
  };
}

/** Our keys (`{folder}/{id}.{ext}`) as uploadthing customIds: folders never contain "_". */
export function customIdForKey(key: string): string {
  return key.replace("/", "_");
}

export function keyForCustomId(customId: string): string {
  return customId.replace("_", "/");
}
