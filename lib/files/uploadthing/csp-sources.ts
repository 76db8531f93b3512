import type { ServerEnv } from "@/lib/env";
import { decodeUploadthingToken } from "./token";

/**
 * Origins the browser must reach when files live on uploadthing, as the SDK derives them: the
 * ingest it uploads to (connect-src) and the file host it is redirected to for images, video and
 * audio (img-src, media-src). Nothing when the local driver is in use.
 */
export function getUploadthingCspSources(env: ServerEnv): { connect: string[]; files: string[] } {
  const token = env.UPLOADTHING_TOKEN ? decodeUploadthingToken(env.UPLOADTHING_TOKEN) : null;
  if (!token) return { connect: [], files: [] };
  const ingestHost = token.ingestHost ?? "ingest.uploadthing.com";
  const connect = env.UPLOADTHING_INGEST_URL
    ? [new URL(env.UPLOADTHING_INGEST_URL).origin]
    : token.regions.map((region) => `https://${region}.${ingestHost}`);
  const ufsHost = env.UPLOADTHING_UFS_HOST ?? "ufs.sh";
  // The SDK's own rule (UTApi.generateSignedURL): http only for a host that names itself local.
  const protocol = ufsHost.includes("local") ? "http" : "https";
  const files =
    (env.UPLOADTHING_UFS_APP_ID_LOCATION ?? "subdomain") === "subdomain"
      ? [`${protocol}://${token.appId}.${ufsHost}`]
      : [`${protocol}://${ufsHost}`];
  return { connect, files };
}
