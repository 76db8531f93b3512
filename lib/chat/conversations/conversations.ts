import "server-only";
import type { Actor } from "@/lib/accounts/types";
import { assertNoBlockBetween } from "@/lib/chat/access/blocks";
import { conversationNotFound } from "@/lib/chat/access/membership";
import { activeMembershipWhere } from "@/lib/chat/access/rules";
import { publishConversationUpdated } from "@/lib/chat/events/publish";
import { parseInput } from "@/lib/chat/parse-input";
import { type CreateGroupInput, createDirectSchema, createGroupSchema } from "@/lib/chat/schemas";
import { getDb, isUniqueViolation } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { limitAction } from "@/lib/rate-limit/actions";

const personSelect = { id: true, username: true, displayName: true, avatar: true } as const;

/** "<smaller id>:<larger id>": the unique key that makes one direct conversation per pair. */
export function directKeyFor(a: string, b: string): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

/** Opens the direct conversation with another person, creating it on first contact. */
export async function findOrCreateDirectConversation({
  actor,
  otherUserId,
}: {
  actor: Actor;
  otherUserId: string;
}): Promise<{ id: string; created: boolean }> {
  const { userId } = parseInput(createDirectSchema, { userId: otherUserId }, "user");
  if (userId === actor.id)
    throw new AppError("invalid:user", "You cannot start a conversation with yourself.");
  const db = getDb();
  const directKey = directKeyFor(actor.id, userId);
  const existing = await db.conversation.findUnique({ where: { directKey }, select: { id: true } });
  if (existing) return { id: existing.id, created: false };

  await limitAction("createConversation", actor.id);
  const other = await db.user.findFirst({ where: { id: userId, deletedAt: null }, select: { id: true } });
  if (!other) throw new AppError("not_found:user", "That person does not exist.");
  // An existing conversation stays readable; a new one is not started across a block.
  await assertNoBlockBetween({ actorId: actor.id, otherUserId: userId });
  try {
    const conversation = await db.conversation.create({
      data: {
        kind: "direct",
        directKey,
        createdById: actor.id,
        memberships: { create: [{ userId: actor.id }, { userId }] },
      },
      select: { id: true },
    });
    await publishConversationUpdated(conversation.id);
    return { id: conversation.id, created: true };
  } catch (error) {
    // Both people opened the conversation at once: the other request created it.
    if (!isUniqueViolation(error)) throw error;
    const winner = await db.conversation.findUnique({ where: { directKey }, select: { id: true } });
    if (!winner) throw error;
    return { id: winner.id, created: false };
  }
}

/** Creates a group owned by its creator, with the given people as members. */
export async function createGroup({
  actor,
  ...input
}: { actor: Actor } & CreateGroupInput): Promise<{ id: string; created: true }> {
  const { name, memberIds } = parseInput(createGroupSchema, input, "group");
  const others = [...new Set(memberIds)].filter((memberId) => memberId !== actor.id);
  if (others.length > 0) await limitAction("addMembers", actor.id, others.length);
  await limitAction("createConversation", actor.id);
  const db = getDb();
  const group = await db.$transaction(async (tx) => {
    const found = await tx.user.count({ where: { id: { in: others }, deletedAt: null } });
    if (found !== others.length) {
      throw new AppError("invalid:members", "Some of the people to add do not exist.");
    }
    const conversation = await tx.conversation.create({
      data: {
        kind: "group",
        name,
        createdById: actor.id,
        memberships: {
          create: [{ userId: actor.id, role: "owner" }, ...others.map((userId) => ({ userId }))],
        },
      },
      select: { id: true },
    });
    return { id: conversation.id, created: true as const };
  });
  // New members see the group in their sidebar at once.
  await publishConversationUpdated(group.id);
  return group;
}

/** A conversation with its members, for someone in it; `not_found:conversation` otherwise. */
export async function getConversationForMember({
  actor,
  conversationId,
}: {
  actor: Actor;
  conversationId: string;
}) {
  const conversation = await getDb().conversation.findFirst({
    where: {
      id: conversationId,
      memberships: { some: activeMembershipWhere({ userId: actor.id, conversationId }) },
    },
    select: {
      id: true,
      kind: true,
      name: true,
      icon: true,
      description: true,
      createdAt: true,
      memberships: {
        select: {
          role: true,
          joinedAt: true,
          lastReadMessageId: true,
          user: { select: { ...personSelect, deletedAt: true } },
        },
        orderBy: { joinedAt: "asc" },
      },
    },
  });
  if (!conversation) throw conversationNotFound();
  const members = conversation.memberships
    .filter((m) => m.user.deletedAt === null)
    .map(({ role, user: { deletedAt: _deleted, ...person } }) => ({ ...person, role }));
  const viewerMembership = conversation.memberships.find((m) => m.user.id === actor.id);
  const other = conversation.kind === "direct" ? members.find((m) => m.id !== actor.id) : undefined;
  return {
    id: conversation.id,
    kind: conversation.kind,
    name: conversation.kind === "group" ? (conversation.name ?? "") : (other?.displayName ?? "Deleted user"),
    avatar: conversation.kind === "group" ? conversation.icon : (other?.avatar ?? null),
    description: conversation.description,
    createdAt: conversation.createdAt.toISOString(),
    members,
    /** Where the viewer stopped reading: the conversation opens at the first message after it. */
    lastReadMessageId: viewerMembership?.lastReadMessageId ?? null,
  };
}
