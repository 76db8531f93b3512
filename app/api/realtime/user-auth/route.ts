// POST /api/realtime/user-auth — sign the realtime connection in as the signed-in user
import { withUser } from "@/lib/auth/require-user";
import { AppError } from "@/lib/errors";
import { authenticateUser, userAuthSchema } from "@/lib/realtime/authorize";
import { readAuthRequestBody } from "@/lib/realtime/read-form";

export const POST = withUser(async (request, { user }) => {
  const parsed = userAuthSchema.safeParse(await readAuthRequestBody(request));
  if (!parsed.success) throw new AppError("invalid:user_auth", "socket_id is required.");
  const auth = await authenticateUser({ actor: user, socketId: parsed.data.socket_id });
  return Response.json(auth, { headers: { "Cache-Control": "no-store" } });
});
