import "server-only";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { ProfileInput } from "./schemas";
import type { AccountSummary, Actor } from "./types";

export type { AccountSummary, Actor } from "./types";

/** What the app shows of the signed-in person. Never includes the password hash. */
export const accountSummarySelect = {
  id: true,
  username: true,
  displayName: true,
  avatar: true,
} as const;

export async function getProfile({ db, actor }: { db: Db; actor: Actor }) {
  const profile = await db.user.findFirst({
    where: { id: actor.id, deletedAt: null },
    // The email is the owner's own business: only this function (for their settings) returns it.
    select: { ...accountSummarySelect, bio: true, email: true },
  });
  if (!profile) throw new AppError("not_found:account", "This account no longer exists.");
  return profile;
}

export async function updateProfile({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: ProfileInput;
}): Promise<AccountSummary & { bio: string | null; email: string | null }> {
  // Only the person's own, live row: the where clause is the authorization.
  const { count } = await db.user.updateMany({
    where: { id: actor.id, deletedAt: null },
    data: { displayName: input.displayName, bio: input.bio },
  });
  if (count === 0) throw new AppError("not_found:account", "This account no longer exists.");
  return getProfile({ db, actor });
}
