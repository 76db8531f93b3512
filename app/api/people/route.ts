// GET /api/people?q= — people to start a conversation with, by @username or display name
import { withUser } from "@/lib/auth/require-user";
import { queryFrom } from "@/lib/chat/http";
import { searchPeople } from "@/lib/chat/people";

export const GET = withUser(async (request, { user }) => {
  const people = await searchPeople({ actor: user, query: queryFrom(request).q ?? "" });
  return Response.json({ people }, { headers: { "Cache-Control": "no-store" } });
});
