// GET /api/files/{id}[?download=1] — an attachment, for members of its conversation (Range supported)
import { withUser } from "@/lib/auth/require-user";
import { getFileStorage } from "@/lib/files";
import { fileResponse } from "@/lib/files/file-response";
import { findReadableAttachment } from "@/lib/files/read-attachment";

export const GET = withUser<{ params: Promise<{ id: string }> }>(async (request, { user, params }) => {
  const attachment = await findReadableAttachment({ actor: user, attachmentId: (await params).id });
  return fileResponse({
    storage: getFileStorage(),
    file: {
      key: attachment.storageKey,
      name: attachment.name,
      mimeType: attachment.mimeType,
      download: new URL(request.url).searchParams.get("download") === "1",
    },
    rangeHeader: request.headers.get("range"),
  });
});
