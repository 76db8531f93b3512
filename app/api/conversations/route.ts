// GET /api/conversations — the sidebar; POST /api/conversations — open a DM ({ userId }) or create a group ({ name, memberIds, icon? })
import { withUser } from "@/lib/auth/require-user";
import { createGroup, findOrCreateDirectConversation } from "@/lib/chat/conversations/conversations";
import { listConversationsForUser } from "@/lib/chat/conversations/sidebar";
import { parseInput } from "@/lib/chat/parse-input";
import { createConversationSchema } from "@/lib/chat/schemas";
import { queryFrom, readJsonBody } from "@/lib/http/request-readers";

export const GET = withUser(async (request, { user }) => {
  const page = await listConversationsForUser({ actor: user, ...queryFrom(request) });
  return Response.json(page, { headers: { "Cache-Control": "no-store" } });
});

export const POST = withUser(async (request, { user }) => {
  const input = parseInput(createConversationSchema, await readJsonBody(request), "conversation");
  const result =
    "userId" in input
      ? await findOrCreateDirectConversation({ actor: user, otherUserId: input.userId })
      : await createGroup({ actor: user, ...input });
  return Response.json(result, { status: result.created ? 201 : 200 });
});
