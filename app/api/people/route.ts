// GET /api/people?q= — people to start a conversation with, by @username or display name
import { withUser } from "@/lib/auth/require-user";
import { searchPeople } from "@/lib/chat/conversations/people";
import { queryFrom } from "@/lib/http/request-readers";

export const GET = withUser(async (request, { user }) => {
  const people = await searchPeople({ actor: user, query: queryFrom(request).q ?? "" });
  return Response.json({ people }, { headers: { "Cache-Control": "no-store" } });
});
