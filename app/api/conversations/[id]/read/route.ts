// POST /api/conversations/{id}/read — move your read marker forward { messageId }; GET — everyone's markers ("Seen")
import { withUser } from "@/lib/auth/require-user";
import { listReadMarkers, markConversationRead } from "@/lib/chat/messages/read-state";
import { fieldsOf } from "@/lib/chat/parse-input";
import { readJsonBody } from "@/lib/http/request-readers";

type Context = { params: Promise<{ id: string }> };

export const GET = withUser<Context>(async (_request, { user, params }) => {
  const { id } = await params;
  const markers = await listReadMarkers({ actor: user, conversationId: id });
  return Response.json({ markers }, { headers: { "Cache-Control": "no-store" } });
});

export const POST = withUser<Context>(async (request, { user, params }) => {
  const { id } = await params;
  const { messageId } = fieldsOf(await readJsonBody(request));
  const marker = await markConversationRead({ actor: user, conversationId: id, messageId });
  return Response.json(marker);
});
