// PUT /api/conversations/{id}/messages/{messageId}/reactions/{emoji} — add my reaction; DELETE — remove it (both idempotent)
// `{emoji}` is one URL-encoded emoji; both answer { reactions } as the message has them afterwards.
import { withUser } from "@/lib/auth/require-user";
import { addReaction, removeReaction } from "@/lib/chat/messages/reactions";
import { pathSegment, socketIdFrom } from "@/lib/http/request-readers";

type Context = { params: Promise<{ id: string; messageId: string; emoji: string }> };

/** Both verbs: the same target, read the same way; only the change differs. */
function reactionRoute(change: typeof addReaction) {
  return withUser<Context>(async (request, { user, params }) => {
    const { id, messageId, emoji } = await params;
    const result = await change({
      actor: user,
      conversationId: id,
      messageId,
      emoji: pathSegment(emoji),
      socketId: socketIdFrom(request),
    });
    return Response.json(result);
  });
}

export const PUT = reactionRoute(addReaction);
export const DELETE = reactionRoute(removeReaction);
