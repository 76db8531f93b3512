import "server-only";
import { type Db, getDb } from "@/lib/db";
import { accountGone } from "./account-gone";
import type { ThemePreference } from "./appearance";
import type { ProfileInput } from "./schemas";
import { statusExpiresAt } from "./status";
import type { Actor } from "./types";

export type { AccountSummary, Actor } from "./types";

/** What the app shows of the signed-in person. Never includes the password hash. */
export const accountSummarySelect = {
  id: true,
  username: true,
  displayName: true,
  avatar: true,
} as const;

export async function getProfile({ db = getDb(), actor }: { db?: Db; actor: Actor }) {
  const profile = await db.user.findFirst({
    where: { id: actor.id, deletedAt: null },
    // The email is the owner's own business: only this function (for their settings) returns it.
    select: {
      ...accountSummarySelect,
      bio: true,
      email: true,
      statusEmoji: true,
      statusText: true,
      statusExpiresAt: true,
      theme: true,
      accentColor: true,
    },
  });
  if (!profile) throw accountGone();
  return profile;
}
export type OwnProfile = Awaited<ReturnType<typeof getProfile>>;

/** Theme and accent for the signed-in layout; null when the account is gone. */
export async function getAppearance({ db = getDb(), actor }: { db?: Db; actor: Actor }) {
  return db.user.findFirst({
    where: { id: actor.id, deletedAt: null },
    select: { theme: true, accentColor: true },
  });
}

/** Saves only the theme (from the theme menu), leaving the rest of the profile alone. */
export async function updateTheme({
  db = getDb(),
  actor,
  theme,
}: {
  db?: Db;
  actor: Actor;
  theme: ThemePreference;
}) {
  const { count } = await db.user.updateMany({ where: { id: actor.id, deletedAt: null }, data: { theme } });
  if (count === 0) throw accountGone();
}

export async function updateProfile({
  db = getDb(),
  actor,
  input,
  now = new Date(),
}: {
  db?: Db;
  actor: Actor;
  input: ProfileInput;
  now?: Date;
}): Promise<OwnProfile> {
  const isStatusSubmitted = input.statusEmoji !== undefined || input.statusText !== undefined;
  const hasStatus = Boolean(input.statusEmoji || input.statusText);
  // Only the person's own, live row: the where clause is the authorization.
  const { count } = await db.user.updateMany({
    where: { id: actor.id, deletedAt: null },
    data: {
      displayName: input.displayName,
      bio: input.bio,
      // Undefined leaves a column as it is (the form did not include it).
      statusEmoji: input.statusEmoji,
      statusText: input.statusText,
      statusExpiresAt: isStatusSubmitted
        ? hasStatus
          ? statusExpiresAt(input.statusClearAfter ?? "never", now, input.timeZoneOffset ?? 0)
          : null
        : undefined,
      theme: input.theme,
      accentColor: input.accentColor,
    },
  });
  if (count === 0) throw accountGone();
  return getProfile({ db, actor });
}
