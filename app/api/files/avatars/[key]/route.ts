// GET /api/files/avatars/{key} — an avatar image, for signed-in people only
import { withUser } from "@/lib/auth/require-user";
import { AppError } from "@/lib/errors";
import { getFileStorage, isFileKey } from "@/lib/files";

export const GET = withUser<{ params: Promise<{ key: string }> }>(async (_request, { params }) => {
  const key = `avatars/${(await params).key}`;
  if (!isFileKey(key)) throw new AppError("not_found:file");
  const file = await getFileStorage().get(key);
  if (!file) throw new AppError("not_found:file");
  return new Response(Buffer.from(file.bytes), {
    headers: {
      // Only WebP is ever stored under avatars/; never echo a stored type the browser might render as a page.
      "Content-Type": "image/webp",
      "X-Content-Type-Options": "nosniff",
      "Content-Disposition": "inline",
      // Keys are random per upload, so a URL's content never changes.
      "Cache-Control": "private, max-age=31536000, immutable",
    },
  });
});
