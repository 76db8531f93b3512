import "server-only";
import { verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";
import { AppError, type ErrorCode } from "@/lib/errors";
import { type AuthLimiters, consumeAll } from "@/lib/rate-limit";

/**
 * A sensitive change to one's own account (email, password, deletion) is confirmed with the
 * password: a stolen session must not be able to take the account over. Each try spends the same
 * per-account budget as a failed sign-in, so the form is no guessing oracle; a right password
 * gives the budget back. An account with no password yet (OAuth) has nothing to confirm, and takes
 * as long as a check would. A wrong password is refused as a message beside `field`.
 */
export async function confirmPassword({
  limiters,
  actorId,
  passwordHash,
  password,
  rateLimitCode,
  refusal,
}: {
  limiters: AuthLimiters;
  actorId: string;
  passwordHash: string | null;
  password: string;
  rateLimitCode: ErrorCode;
  refusal: { code: ErrorCode; field: string; message: string };
}): Promise<void> {
  if (!passwordHash) {
    await verifyAgainstDummy(password);
    return;
  }
  const key = `user:${actorId}`;
  await consumeAll([{ limiter: limiters.passwordByAccount, key }], rateLimitCode);
  if (!(await verifyPassword(passwordHash, password))) {
    throw new AppError(refusal.code, "Check the highlighted fields.", {
      fields: { [refusal.field]: refusal.message },
    });
  }
  await limiters.passwordByAccount.delete(key);
}
