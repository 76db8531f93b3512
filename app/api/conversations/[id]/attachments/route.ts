// POST /api/conversations/{id}/attachments?name= — upload one file (the raw body) for a message to come
// GET /api/conversations/{id}/attachments?before=&limit= — the Files panel: sent files, newest first
import { withUser } from "@/lib/auth/require-user";
import { getFileStorage } from "@/lib/files";
import { listConversationAttachments } from "@/lib/files/list-attachments";
import { uploadAttachment } from "@/lib/files/upload";
import { takeRawBody } from "@/lib/http/raw-body";
import { jsonResponse, queryFrom } from "@/lib/http/request-readers";

type Context = { params: Promise<{ id: string }> };

export const POST = withUser<Context>(async (request, { user, params }) => {
  const { id } = await params;
  const declared = request.headers.get("content-length");
  const attachment = await uploadAttachment({
    actor: user,
    conversationId: id,
    storage: getFileStorage(),
    // Streamed, never read whole: see lib/files/upload.ts. Node's own request when Parley's server
    // lends it (lib/http/raw-body.ts), else the web stream.
    body: takeRawBody(request) ?? request.body,
    declaredSize: declared !== null && /^\d+$/.test(declared) ? Number(declared) : null,
    name: queryFrom(request).name,
  });
  return Response.json({ attachment }, { status: 201 });
});

export const GET = withUser<Context>(async (request, { user, params }) => {
  const { id } = await params;
  const page = await listConversationAttachments({ actor: user, conversationId: id, ...queryFrom(request) });
  return jsonResponse(page, { headers: { "Cache-Control": "no-store" } });
});
