import { z } from "zod";

// UPLOADTHING_TOKEN is base64 of JSON { apiKey, appId, regions } (the SDK's UploadThingToken
// schema: the key starts with "sk_", at least one region). Checked at start-up so a pasted
// wrong value fails in one line naming the variable, not at the first upload.
const tokenSchema = z.object({
  apiKey: z.string().startsWith("sk_"),
  appId: z.string().min(1),
  regions: z.array(z.string()).min(1),
  ingestHost: z.string().optional(),
});

export type UploadthingToken = z.infer<typeof tokenSchema>;

export function decodeUploadthingToken(token: string): UploadthingToken | null {
  try {
    const binary = atob(token);
    const json = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    const result = tokenSchema.safeParse(json);
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

export const UPLOADTHING_TOKEN_HINT =
  "is not an uploadthing token (base64 of JSON { apiKey, appId, regions }): copy it from the uploadthing dashboard's API Keys page, or unset it to store files under DATA_DIR/uploads";
