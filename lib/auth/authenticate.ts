import "server-only";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { type AuthLimiters, consumeAll, msUntilAllowed } from "@/lib/rate-limit";
import { INVALID_CREDENTIALS_MESSAGE } from "./messages";
import { verifyAgainstDummy, verifyPassword } from "./password";

export interface AuthenticatedUser {
  id: string;
  sessionVersion: number;
}

/**
 * Checks an email-or-username and password. Every attempt spends a point from the budget of this
 * account from this address, and from the address's own budget, before the password is looked at;
 * a success gives them back. Backing off per account and address (not per account alone) means
 * a stranger guessing from elsewhere never locks the owner out. Unknown accounts are limited too
 * (keyed by what was typed) and cost the same argon2 work.
 */
export async function authenticateWithPassword({
  db,
  limiters,
  identifier,
  password,
  ip,
}: {
  db: Db;
  limiters: AuthLimiters;
  identifier: string;
  password: string;
  ip: string;
}): Promise<AuthenticatedUser> {
  const { user, accountKey } = await findSignInAccount(db, identifier);
  const pairKey = accountAndIpKey(accountKey, ip);
  await consumeAll(
    [
      { limiter: limiters.signInByAccountAndIp, key: pairKey },
      { limiter: limiters.signInByIp, key: ip },
    ],
    "rate_limited:sign_in",
  );

  const isValid = user?.passwordHash
    ? await verifyPassword(user.passwordHash, password)
    : await verifyAgainstDummy(password);
  if (!user || !isValid) throw new AppError("unauthorized:credentials", INVALID_CREDENTIALS_MESSAGE);

  await Promise.all([limiters.signInByAccountAndIp.delete(pairKey), limiters.signInByIp.reward(ip, 1)]);
  return { id: user.id, sessionVersion: user.sessionVersion };
}

async function findSignInAccount(db: Db, identifier: string) {
  const normalized = identifier.trim().toLowerCase();
  // Usernames cannot contain "@", so the identifier's shape says which column to look in.
  const user = await db.user.findFirst({
    where: normalized.includes("@")
      ? { emailNormalized: normalized, deletedAt: null }
      : { username: normalized, deletedAt: null },
    select: { id: true, passwordHash: true, sessionVersion: true },
  });
  // Keyed by account, not by what was typed, so email and username share one budget.
  const accountKey = user ? `user:${user.id}` : `unknown:${normalized}`;
  return { user, accountKey };
}

function accountAndIpKey(accountKey: string, ip: string): string {
  return `${accountKey}@${ip}`;
}

/** Milliseconds before this identifier may try again from `ip` (0 = now). Spends nothing. */
export async function msUntilSignInAllowed({
  db,
  limiters,
  identifier,
  ip,
}: {
  db: Db;
  limiters: AuthLimiters;
  identifier: string;
  ip: string;
}): Promise<number> {
  const { accountKey } = await findSignInAccount(db, identifier);
  const waits = await Promise.all([
    msUntilAllowed(limiters.signInByAccountAndIp, accountAndIpKey(accountKey, ip)),
    msUntilAllowed(limiters.signInByIp, ip),
  ]);
  return Math.max(...waits);
}
