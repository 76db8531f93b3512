// GET /api/files/{id}/thumbnail — an image attachment's WebP thumbnail, for members of its conversation
import { withUser } from "@/lib/auth/require-user";
import { AppError } from "@/lib/errors";
import { getFileStorage } from "@/lib/files";
import { fileResponse } from "@/lib/files/file-response";
import { findReadableAttachment } from "@/lib/files/read-attachment";

export const GET = withUser<{ params: Promise<{ id: string }> }>(async (request, { user, params }) => {
  const attachment = await findReadableAttachment({ actor: user, attachmentId: (await params).id });
  if (!attachment.thumbnailKey) throw new AppError("not_found:file", "That file has no thumbnail.");
  return fileResponse({
    storage: getFileStorage(),
    file: {
      key: attachment.thumbnailKey,
      name: `${attachment.name.replace(/\.[^.]*$/, "")}.webp`,
      mimeType: "image/webp",
      download: false,
    },
    rangeHeader: request.headers.get("range"),
  });
});
