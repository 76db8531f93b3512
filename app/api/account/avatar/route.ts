// POST /api/account/avatar — upload a new avatar (multipart: `avatar` file + `crop` JSON)
// DELETE /api/account/avatar — go back to the initials
import { removeAvatar, setAvatar } from "@/lib/accounts/avatar";
import { avatarCropSchema, avatarLimits } from "@/lib/accounts/avatar-schemas";
import { withUser } from "@/lib/auth/require-user";
import { AppError } from "@/lib/errors";
import { getFileStorage } from "@/lib/files";
import { readFormBody } from "@/lib/http/read-body";

// Room for the multipart framing and the crop field around a file at the limit.
const MAX_BODY_BYTES = avatarLimits.maxBytes + 64 * 1024;

export const POST = withUser(async (request, { user }) => {
  const form = await readFormBody(request, {
    maxBytes: MAX_BODY_BYTES,
    code: "too_large:avatar",
    message: avatarLimits.tooLargeMessage,
  });
  if (!form) throw new AppError("invalid:avatar", "Send the image as multipart form data.");
  const file = form.get("avatar");
  if (!(file instanceof File)) throw new AppError("invalid:avatar", "Choose an image to upload.");
  const crop = avatarCropSchema.safeParse(parseJson(form.get("crop")));
  if (!crop.success) throw new AppError("invalid:crop", "The crop must be a square inside the image.");

  const result = await setAvatar({
    storage: getFileStorage(),
    actor: user,
    bytes: new Uint8Array(await file.arrayBuffer()),
    crop: crop.data,
  });
  return Response.json(result);
});

export const DELETE = withUser(async (_request, { user }) => {
  await removeAvatar({ storage: getFileStorage(), actor: user });
  return new Response(null, { status: 204 });
});

function parseJson(value: FormDataEntryValue | null): unknown {
  if (typeof value !== "string") return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
