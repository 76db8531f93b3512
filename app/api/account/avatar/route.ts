// POST /api/account/avatar — upload a new avatar (multipart: `avatar` file + `crop` JSON)
// DELETE /api/account/avatar — go back to the initials
import { removeAvatar, setAvatar } from "@/lib/accounts/avatar";
import { avatarCropSchema, avatarLimits } from "@/lib/accounts/avatar-schemas";
import { withUser } from "@/lib/auth/require-user";
import { AppError } from "@/lib/errors";
import { getFileStorage } from "@/lib/files";
import { assertSameOrigin } from "@/lib/http/same-origin";

// Room for the multipart framing and the crop field around a file at the limit.
const MAX_BODY_BYTES = avatarLimits.maxBytes + 64 * 1024;

export const POST = withUser(async (request, { user }) => {
  assertSameOrigin(request);
  // Refuse an oversized body from its declared length, before reading it into memory.
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) {
    throw new AppError("too_large:avatar", avatarLimits.tooLargeMessage);
  }
  const form = await request.formData().catch(() => {
    throw new AppError("invalid:avatar", "Send the image as multipart form data.");
  });
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

export const DELETE = withUser(async (request, { user }) => {
  assertSameOrigin(request);
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
