// POST /api/realtime/auth — authorise a private/presence channel subscription for the signed-in user
import { withUser } from "@/lib/auth/require-user";
import { AppError } from "@/lib/errors";
import { authorizeChannel, channelAuthSchema } from "@/lib/realtime/authorize";
import { readAuthRequestBody } from "@/lib/realtime/read-form";

export const POST = withUser(async (request, { user }) => {
  const parsed = channelAuthSchema.safeParse(await readAuthRequestBody(request));
  if (!parsed.success) throw new AppError("invalid:channel_auth", "socket_id and channel_name are required.");
  const auth = await authorizeChannel({
    actor: user,
    socketId: parsed.data.socket_id,
    channelName: parsed.data.channel_name,
  });
  return Response.json(auth, { headers: { "Cache-Control": "no-store" } });
});
