// GET /api/users/{id} — a person's public profile (the profile card), for signed-in people
import { getPublicProfile } from "@/lib/accounts/public-profile";
import { withUser } from "@/lib/auth/require-user";

export const GET = withUser<{ params: Promise<{ id: string }> }>(async (_request, { params }) => {
  const { id } = await params;
  const profile = await getPublicProfile({ userId: id });
  // Names and statuses change; the card should never show a stale one for long.
  return Response.json(profile, { headers: { "Cache-Control": "private, no-cache" } });
});
