import "server-only";
import { renderAvatar } from "@/lib/accounts/avatar-image";
import { avatarKeyFromUrl, avatarUrlForKey } from "@/lib/accounts/avatar-schemas";
import type { Actor } from "@/lib/accounts/types";
import { requireMembership } from "@/lib/chat/access/membership";
import { activeMembershipWhere } from "@/lib/chat/access/rules";
import { publishConversationUpdated } from "@/lib/chat/events/publish";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { type FileStorage, newFileKey } from "@/lib/files";
import type { MemberRole } from "@/lib/generated/prisma/client";
import { limitAction } from "@/lib/rate-limit/actions";

/** Who may change a group's name and icon. */
export const GROUP_SETTINGS_ROLES: MemberRole[] = ["owner", "admin"];

/**
 * Replaces a group's icon with the upload, re-encoded like avatars (square WebP, no metadata).
 * The role check is part of the update's `where`, so a demotion racing the upload still wins.
 */
export async function setGroupIcon({
  storage,
  actor,
  conversationId,
  bytes,
}: {
  storage: FileStorage;
  actor: Actor;
  conversationId: string;
  bytes: Uint8Array | null;
}): Promise<{ icon: string | null }> {
  const db = getDb();
  const allowed = {
    id: conversationId,
    kind: "group" as const,
    memberships: {
      some: {
        ...activeMembershipWhere({ userId: actor.id, conversationId }),
        role: { in: GROUP_SETTINGS_ROLES },
      },
    },
  };
  const current = await db.conversation.findFirst({ where: allowed, select: { icon: true } });
  if (!current) {
    // A member without the role learns why; anyone else learns nothing.
    await requireMembership({ actorId: actor.id, conversationId });
    throw new AppError("forbidden:group_settings", "Only the group's owner and admins can change its icon.");
  }

  let icon: string | null = null;
  let key: string | null = null;
  if (bytes) {
    // Before the decode, the costly part.
    await limitAction("upload", actor.id);
    const image = await renderAvatar({ bytes });
    key = newFileKey("avatars", "webp");
    await storage.put(key, image, "image/webp");
    icon = avatarUrlForKey(key);
  }
  const { count } = await db.conversation.updateMany({ where: allowed, data: { icon } });
  if (count === 0) {
    if (key) await storage.delete(key);
    throw new AppError("forbidden:group_settings", "Only the group's owner and admins can change its icon.");
  }
  const previousKey = avatarKeyFromUrl(current.icon);
  if (previousKey) await storage.delete(previousKey);
  await publishConversationUpdated(conversationId);
  return { icon };
}
