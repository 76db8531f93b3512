import "server-only";
import { type Db, getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { activeStatus } from "./status";

/** What any signed-in person may see of another: never the email, theme or password hash. */
export interface PublicProfile {
  id: string;
  username: string;
  displayName: string;
  avatar: string | null;
  bio: string | null;
  status: { emoji: string | null; text: string | null } | null;
}

const publicProfileSelect = {
  id: true,
  username: true,
  displayName: true,
  avatar: true,
  bio: true,
  statusEmoji: true,
  statusText: true,
  statusExpiresAt: true,
} as const;

/** A live account's public profile by id or username; deleted and unknown accounts are not found. */
export async function getPublicProfile({
  db = getDb(),
  userId,
  username,
  now = new Date(),
}: {
  db?: Db;
  userId?: string;
  username?: string;
  now?: Date;
}): Promise<PublicProfile> {
  if (!userId && !username) throw new AppError("not_found:user", "No such person.");
  const user = await db.user.findFirst({
    where: { id: userId, username: username?.toLowerCase(), deletedAt: null },
    select: publicProfileSelect,
  });
  if (!user) throw new AppError("not_found:user", "No such person.");
  const { statusEmoji, statusText, statusExpiresAt, ...rest } = user;
  return { ...rest, status: activeStatus({ statusEmoji, statusText, statusExpiresAt }, now) };
}
