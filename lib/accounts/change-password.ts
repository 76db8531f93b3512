import "server-only";
import { hashPassword } from "@/lib/auth/password";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { closeUserConnections } from "@/lib/realtime/terminate";
import { accountGone } from "./account-gone";
import { confirmPassword } from "./confirm-password";
import { isGuessablePassword } from "./password-strength";
import type { ChangePasswordInput } from "./schemas";
import type { AccountChange } from "./types";

/**
 * Replaces the actor's password and bumps their session version, which signs out every other
 * session (the caller re-issues the current one), then closes the actor's realtime connections so a
 * stolen session stops receiving events at once. A wrong current password spends the same
 * per-account budget as a failed sign-in: a stolen session must not become a guessing oracle.
 * Accounts created through OAuth have no password yet and may set one without it.
 */
export async function changePassword({
  db = getDb(),
  limiters,
  actor,
  input,
}: AccountChange<ChangePasswordInput>): Promise<{ sessionVersion: number; username: string }> {
  const user = await db.user.findFirst({
    where: { id: actor.id, deletedAt: null },
    select: { passwordHash: true, email: true, username: true, displayName: true },
  });
  if (!user) throw accountGone();

  await confirmPassword({
    limiters,
    actorId: actor.id,
    passwordHash: user.passwordHash,
    password: input.currentPassword,
    rateLimitCode: "rate_limited:change_password",
    refusal: {
      code: "invalid:current_password",
      field: "currentPassword",
      message: "That is not your current password.",
    },
  });

  if (isGuessablePassword(input.newPassword, [user.email ?? "", user.username, user.displayName])) {
    throw new AppError("invalid:new_password", "Check the highlighted fields.", {
      fields: { newPassword: "This password is too common or easy to guess. Try a longer phrase." },
    });
  }

  const passwordHash = await hashPassword(input.newPassword);
  const updated = await db.user.update({
    where: { id: actor.id },
    data: { passwordHash, sessionVersion: { increment: 1 } },
    select: { sessionVersion: true, username: true },
  });
  await closeUserConnections(actor.id);
  return updated;
}
