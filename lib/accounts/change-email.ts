import "server-only";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { accountGone } from "./account-gone";
import { confirmPassword } from "./confirm-password";
import type { ChangeEmailInput } from "./schemas";
import type { AccountChange } from "./types";

const TAKEN = "An account with this email already exists.";

/**
 * Moves the actor's account to another email address. Password accounts confirm with the
 * password (a stolen session must not be able to take the account over by changing where it
 * signs in); wrong passwords spend the per-account sign-in budget. The new address is unverified.
 */
export async function changeEmail({
  db = getDb(),
  limiters,
  actor,
  input,
}: AccountChange<ChangeEmailInput>): Promise<{ email: string }> {
  const user = await db.user.findFirst({
    where: { id: actor.id, deletedAt: null },
    select: { passwordHash: true },
  });
  if (!user) throw accountGone();
  await confirmPassword({
    limiters,
    actorId: actor.id,
    passwordHash: user.passwordHash,
    password: input.password,
    rateLimitCode: "rate_limited:change_email",
    refusal: { code: "invalid:password", field: "password", message: "That is not your password." },
  });

  const emailNormalized = input.email.toLowerCase();
  const owner = await db.user.findFirst({ where: { emailNormalized }, select: { id: true } });
  if (owner && owner.id !== actor.id) {
    throw new AppError("conflict:email", "Check the highlighted fields.", { fields: { email: TAKEN } });
  }
  try {
    await db.user.update({
      where: { id: actor.id },
      data: { email: input.email, emailNormalized, emailVerified: null },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("conflict:email", "Check the highlighted fields.", { fields: { email: TAKEN } });
    }
    throw error;
  }
  return { email: input.email };
}
