// POST /api/conversations/{id}/read — move your read marker forward { messageId }; GET — everyone's markers ("Seen")
import { withUser } from "@/lib/auth/require-user";
import { readJsonBody } from "@/lib/chat/http";
import { parseInput } from "@/lib/chat/parse-input";
import { listReadMarkers, markConversationRead } from "@/lib/chat/read-state";
import { markReadSchema } from "@/lib/chat/schemas";

type Context = { params: Promise<{ id: string }> };

export const GET = withUser<Context>(async (_request, { user, params }) => {
  const { id } = await params;
  const markers = await listReadMarkers({ actor: user, conversationId: id });
  return Response.json({ markers }, { headers: { "Cache-Control": "no-store" } });
});

export const POST = withUser<Context>(async (request, { user, params }) => {
  const { id } = await params;
  const { messageId } = parseInput(markReadSchema, await readJsonBody(request), "read");
  const marker = await markConversationRead({ actor: user, conversationId: id, messageId });
  return Response.json(marker);
});
