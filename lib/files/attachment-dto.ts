import type { AttachmentDto } from "@/lib/chat/dto";
import type { Prisma } from "@/lib/generated/prisma/client";
import { kindOf } from "./policy";

// One attachment row into the one DTO, for messages (every read path), uploads and the Files panel.

export const attachmentSelect = {
  id: true,
  name: true,
  mimeType: true,
  size: true,
  width: true,
  height: true,
  thumbhash: true,
  thumbnailKey: true,
} satisfies Prisma.AttachmentSelect;

export type AttachmentRow = Prisma.AttachmentGetPayload<{ select: typeof attachmentSelect }>;

export function toAttachmentDto(row: AttachmentRow): AttachmentDto {
  const url = `/api/files/${row.id}`;
  return {
    id: row.id,
    name: row.name,
    mimeType: row.mimeType,
    size: row.size,
    kind: kindOf(row.mimeType),
    width: row.width,
    height: row.height,
    thumbhash: row.thumbhash,
    url,
    thumbnailUrl: row.thumbnailKey ? `${url}/thumbnail` : null,
    downloadUrl: `${url}?download=1`,
  };
}
