// GET /api/conversations/{id} — a conversation and its members, for a member (404 otherwise)
import { withUser } from "@/lib/auth/require-user";
import { getConversationForMember } from "@/lib/chat/conversations/conversations";

export const GET = withUser<{ params: Promise<{ id: string }> }>(async (_request, { user, params }) => {
  const { id } = await params;
  const conversation = await getConversationForMember({ actor: user, conversationId: id });
  return Response.json(conversation, { headers: { "Cache-Control": "no-store" } });
});
