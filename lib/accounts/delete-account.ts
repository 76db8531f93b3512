import "server-only";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { type FileStorage, getFileStorage } from "@/lib/files";
import { deleteStoredFiles, deleteUploadsOfSql, type StoredKeys } from "@/lib/files/cleanup";
import { closeUserConnections } from "@/lib/realtime/terminate";
import { accountGone } from "./account-gone";
import { avatarKeyFromUrl } from "./avatar-schemas";
import { confirmPassword } from "./confirm-password";
import type { DeleteAccountInput } from "./schemas";
import type { AccountChange } from "./types";

/**
 * Deletes the actor's account. The row stays (messages keep a "Deleted user" author) but loses
 * everything personal: email (so it can sign up again), password, profile, OAuth links. Bumping
 * the session version ends every session at once, and the realtime connections are closed. Password accounts must re-enter the password.
 */
export async function deleteAccount({
  db = getDb(),
  limiters,
  actor,
  input,
  storage,
}: AccountChange<DeleteAccountInput> & {
  /** Where the avatar and uploads live; the configured storage unless given. */
  storage?: FileStorage;
}): Promise<void> {
  const user = await db.user.findFirst({
    where: { id: actor.id, deletedAt: null },
    select: { username: true, passwordHash: true, avatar: true },
  });
  if (!user) throw accountGone();
  if (input.confirmUsername !== user.username) {
    throw new AppError("invalid:confirmation", "Check the highlighted fields.", {
      fields: { confirmUsername: `Type ${user.username} to confirm.` },
    });
  }
  await confirmPassword({
    limiters,
    actorId: actor.id,
    passwordHash: user.passwordHash,
    password: input.password,
    rateLimitCode: "rate_limited:delete_account",
    refusal: { code: "invalid:password", field: "password", message: "That is not your password." },
  });

  const [, , uploads] = await db.$transaction([
    db.account.deleteMany({ where: { userId: actor.id } }),
    db.user.update({
      where: { id: actor.id },
      data: {
        deletedAt: new Date(),
        email: null,
        emailNormalized: null,
        emailVerified: null,
        passwordHash: null,
        displayName: "Deleted user",
        avatar: null,
        bio: null,
        statusEmoji: null,
        statusText: null,
        statusExpiresAt: null,
        sessionVersion: { increment: 1 },
      },
    }),
    // Every file the person uploaded, sent or not, goes with the account.
    db.$queryRaw<StoredKeys[]>(deleteUploadsOfSql(actor.id)),
  ]);
  await closeUserConnections(actor.id);
  // After the commit: a leftover file is harmless, a profile pointing at a deleted file is not.
  const files = storage ?? getFileStorage();
  const avatarKey = avatarKeyFromUrl(user.avatar);
  if (avatarKey) await files.delete(avatarKey);
  await deleteStoredFiles(uploads, files);
}
