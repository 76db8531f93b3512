import "server-only";
import { hashPassword } from "@/lib/auth/password";
import { type Db, getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { type AuthLimiters, msUntilAllowed, rateLimitedError } from "@/lib/rate-limit";
import { isGuessablePassword } from "./password-strength";
import type { SignUpInput } from "./schemas";

export interface CreatedAccount {
  id: string;
  sessionVersion: number;
}

/**
 * Creates a password account from already-parsed input. Refusals carry per-field messages.
 * Taken emails/usernames spend the address's sign-up budget (they are how accounts would be
 * enumerated); created accounts spend a separate, larger one.
 */
export async function createAccount({
  db = getDb(),
  limiters,
  input,
  ip,
}: {
  db?: Db;
  limiters: AuthLimiters;
  input: SignUpInput;
  ip: string;
}): Promise<CreatedAccount> {
  const waits = await Promise.all([
    msUntilAllowed(limiters.signUpFailuresByIp, ip),
    msUntilAllowed(limiters.signUpCreatedByIp, ip),
  ]);
  const wait = Math.max(...waits);
  if (wait > 0) throw rateLimitedError("rate_limited:sign_up", wait);

  const emailNormalized = input.email.toLowerCase();
  // Every problem at once, so the person fixes the form in one pass.
  const fields: Record<string, string> = {};
  if (isGuessablePassword(input.password, [input.email, input.username, input.displayName])) {
    fields.password = "This password is too common or easy to guess. Try a longer phrase.";
  }
  const taken = await findTakenFields(db, emailNormalized, input.username);
  if (taken) await limiters.signUpFailuresByIp.consume(ip).catch(ignoreOverBudget);
  if (taken || fields.password) {
    const code = taken ? "conflict:account" : "invalid:sign_up";
    throw new AppError(code, "Check the highlighted fields.", { fields: { ...taken, ...fields } });
  }

  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db.user.create({
      data: {
        email: input.email,
        emailNormalized,
        username: input.username,
        displayName: input.displayName,
        passwordHash,
      },
      select: { id: true, sessionVersion: true },
    });
    await limiters.signUpCreatedByIp.consume(ip).catch(ignoreOverBudget);
    return user;
  } catch (error) {
    // Someone took the email or username between the check and the insert.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const fields = await findTakenFields(db, emailNormalized, input.username);
      if (fields) throw new AppError("conflict:account", "Check the highlighted fields.", { fields });
    }
    throw error;
  }
}

/** Field → message for the email and username that already belong to someone. */
async function findTakenFields(
  db: Db,
  emailNormalized: string,
  username: string,
): Promise<Record<string, string> | undefined> {
  const existing = await db.user.findMany({
    where: { OR: [{ emailNormalized }, { username }] },
    select: { emailNormalized: true, username: true },
  });
  const fields: Record<string, string> = {};
  if (existing.some((u) => u.emailNormalized === emailNormalized)) {
    fields.email = "An account with this email already exists. Sign in instead?";
  }
  if (existing.some((u) => u.username === username)) fields.username = "This username is taken.";
  return Object.keys(fields).length > 0 ? fields : undefined;
}

// Spending the last point of a budget rejects; the attempt that spent it has already been
// answered, and the next one is refused by the check at the top.
function ignoreOverBudget(reason: unknown): void {
  if (reason instanceof Error) throw reason;
}
