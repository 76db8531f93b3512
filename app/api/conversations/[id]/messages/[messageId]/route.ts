// PATCH /api/conversations/{id}/messages/{messageId} — edit your own message { body }; DELETE — delete it (placeholder stays)
import { withUser } from "@/lib/auth/require-user";
import { deleteMessage, editMessage } from "@/lib/chat/messages/edit-message";
import { fieldsOf } from "@/lib/chat/parse-input";
import { readJsonBody, socketIdFrom } from "@/lib/http/request-readers";

type Context = { params: Promise<{ id: string; messageId: string }> };

export const PATCH = withUser<Context>(async (request, { user, params }) => {
  const { id, messageId } = await params;
  const socketId = socketIdFrom(request);
  const { body } = fieldsOf(await readJsonBody(request));
  const message = await editMessage({ actor: user, conversationId: id, messageId, body, socketId });
  return Response.json(message);
});

export const DELETE = withUser<Context>(async (request, { user, params }) => {
  const { id, messageId } = await params;
  const message = await deleteMessage({
    actor: user,
    conversationId: id,
    messageId,
    socketId: socketIdFrom(request),
  });
  return Response.json(message);
});
