// PUT /api/conversations/{id}/icon — set a group's icon (multipart `icon` image; owner/admin)
// DELETE /api/conversations/{id}/icon — remove it
import { avatarLimits } from "@/lib/accounts/avatar-schemas";
import { withUser } from "@/lib/auth/require-user";
import { setGroupIcon } from "@/lib/chat/conversations/group-icon";
import { AppError } from "@/lib/errors";
import { getFileStorage } from "@/lib/files";
import { readFormBody } from "@/lib/http/read-body";

type Context = { params: Promise<{ id: string }> };

// Room for the multipart framing around a file at the limit.
const MAX_BODY_BYTES = avatarLimits.maxBytes + 64 * 1024;

export const PUT = withUser<Context>(async (request, { user, params }) => {
  const form = await readFormBody(request, {
    maxBytes: MAX_BODY_BYTES,
    code: "too_large:icon",
    message: avatarLimits.tooLargeMessage,
  });
  if (!form) throw new AppError("invalid:icon", "Send the image as multipart form data.");
  const file = form.get("icon");
  if (!(file instanceof File)) throw new AppError("invalid:icon", "Choose an image for the group icon.");
  const result = await setGroupIcon({
    storage: getFileStorage(),
    actor: user,
    conversationId: (await params).id,
    bytes: new Uint8Array(await file.arrayBuffer()),
  });
  return Response.json(result);
});

export const DELETE = withUser<Context>(async (_request, { user, params }) => {
  await setGroupIcon({
    storage: getFileStorage(),
    actor: user,
    conversationId: (await params).id,
    bytes: null,
  });
  return new Response(null, { status: 204 });
});
