// GET /api/conversations/{id}/messages?before|after|around=&limit= — a history page; POST — send { body, clientNonce, replyToId?, attachmentIds? }
// `body` is the editor document or `{ text }`; see lib/chat/body/prepare.ts.
import { withUser } from "@/lib/auth/require-user";
import { listMessages } from "@/lib/chat/messages/list-messages";
import { sendMessage } from "@/lib/chat/messages/send-message";
import { fieldsOf } from "@/lib/chat/parse-input";
import { jsonResponse, queryFrom, readJsonBody, socketIdFrom } from "@/lib/http/request-readers";

type Context = { params: Promise<{ id: string }> };

export const GET = withUser<Context>(async (request, { user, params }) => {
  const { id } = await params;
  const page = await listMessages({ actor: user, conversationId: id, ...queryFrom(request) });
  return jsonResponse(page, { headers: { "Cache-Control": "no-store" } });
});

export const POST = withUser<Context>(async (request, { user, params }) => {
  const { id } = await params;
  const socketId = socketIdFrom(request);
  // Validated once, by sendMessage; only the request's own fields are passed on.
  const { body, clientNonce, replyToId, attachmentIds } = fieldsOf(await readJsonBody(request));
  const message = await sendMessage({
    actor: user,
    conversationId: id,
    socketId,
    body,
    clientNonce,
    replyToId,
    attachmentIds,
  });
  return Response.json(message, { status: 201 });
});
