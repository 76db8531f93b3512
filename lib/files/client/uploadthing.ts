import type { AttachmentDto } from "@/lib/chat/dto";
import type { UploadAttachmentInput } from "./upload";

/** Uploads straight from the browser to uploadthing. Not part of this build yet. */
export async function uploadWithUploadthing(_input: UploadAttachmentInput): Promise<AttachmentDto> {
  throw new Error("Uploading to uploadthing is not available in this build.");
}
