import "server-only";
import { randomInt } from "node:crypto";
import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { limits, RESERVED_USERNAMES } from "./schemas";

/** Turns a provider's name or email into a valid username stem (a-z 0-9 _, at most 26 chars). */
/** What Auth.js is given of a user (its adapter's AdapterUser): the same columns everywhere. */
export const oauthUserSelect = {
  id: true,
  email: true,
  emailVerified: true,
  displayName: true,
  avatar: true,
  sessionVersion: true,
} as const;

export function usernameStem(source: string): string {
  const stem = source
    .toLowerCase()
    .split("@")[0]
    ?.normalize("NFKD")
    // Accents come apart into base letter + combining mark: keep the letter.
    .replace(/\p{M}/gu, "")
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, limits.usernameMax - 6);
  return stem && stem.length >= limits.usernameMin ? stem : "user";
}

/**
 * Creates the user row for a first OAuth sign-in. OAuth profiles have no username, so one is
 * derived from the email or name, with a numeric suffix when the plain one is taken.
 */
export async function createOAuthUser({
  db,
  email,
  name,
  image,
  emailVerified,
}: {
  db: Db;
  email: string;
  name?: string | null;
  image?: string | null;
  emailVerified: Date | null;
}) {
  const stem = usernameStem(email || name || "user");
  const displayName = (name?.trim() || stem).slice(0, limits.displayNameMax);
  for (let attempt = 0; attempt < 8; attempt++) {
    const isFree = attempt === 0 && !RESERVED_USERNAMES.has(stem);
    const username = isFree ? stem : `${stem}_${randomInt(10_000, 99_999)}`;
    try {
      return await db.user.create({
        data: {
          email: email || null,
          emailNormalized: email ? email.toLowerCase() : null,
          emailVerified,
          username,
          displayName,
          avatar: image ?? null,
        },
        select: oauthUserSelect,
      });
    } catch (error) {
      const isTaken = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
      if (!isTaken) throw error;
      // Either the username (retry with a suffix) or the email (the next attempt fails the same way
      // and the loop ends with this error).
    }
  }
  throw new Error(`Could not find a free username for the OAuth account (stem "${stem}").`);
}
