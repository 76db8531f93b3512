import "server-only";
import { type Db, getDb } from "@/lib/db";
import { type FileStorage, newFileKey } from "@/lib/files";
import { limitAction } from "@/lib/rate-limit/actions";
import { accountGone } from "./account-gone";
import { renderAvatar } from "./avatar-image";
import { type AvatarCrop, avatarKeyFromUrl, avatarUrlForKey } from "./avatar-schemas";
import type { Actor } from "./types";

/**
 * Replaces the person's avatar with the cropped upload. The new file is written first and the
 * old one deleted last, so a failure part-way never leaves the profile pointing at nothing.
 */
export async function setAvatar({
  db = getDb(),
  storage,
  actor,
  bytes,
  crop,
}: {
  db?: Db;
  storage: FileStorage;
  actor: Actor;
  bytes: Uint8Array;
  crop: AvatarCrop;
}): Promise<{ avatar: string }> {
  // Before the decode, the costly part.
  await limitAction("upload", actor.id);
  const image = await renderAvatar({ bytes, crop });
  const previous = await db.user.findFirst({
    where: { id: actor.id, deletedAt: null },
    select: { avatar: true },
  });
  if (!previous) throw accountGone();

  const key = newFileKey("avatars", "webp");
  await storage.put(key, image, "image/webp");
  const avatar = avatarUrlForKey(key);
  const { count } = await db.user.updateMany({ where: { id: actor.id, deletedAt: null }, data: { avatar } });
  if (count === 0) {
    await storage.delete(key);
    throw accountGone();
  }
  await deleteStoredAvatar(storage, previous.avatar);
  return { avatar };
}

/** Goes back to the initials. Provider (OAuth) pictures are simply forgotten. */
export async function removeAvatar({
  db = getDb(),
  storage,
  actor,
}: {
  db?: Db;
  storage: FileStorage;
  actor: Actor;
}): Promise<void> {
  const previous = await db.user.findFirst({
    where: { id: actor.id, deletedAt: null },
    select: { avatar: true },
  });
  if (!previous) throw accountGone();
  await db.user.updateMany({ where: { id: actor.id, deletedAt: null }, data: { avatar: null } });
  await deleteStoredAvatar(storage, previous.avatar);
}

async function deleteStoredAvatar(storage: FileStorage, avatar: string | null): Promise<void> {
  const key = avatarKeyFromUrl(avatar);
  if (key) await storage.delete(key);
}
