import "server-only";
import { activeMembershipWhere } from "@/lib/chat/access/rules";
import { mentionNodes } from "@/lib/chat/body/normalize";
import { docFromBody, finishBody, type MessageBodyInput, type NormalizedBody } from "@/lib/chat/body/prepare";
import { TYPED_MENTION } from "@/lib/chat/body/schema";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";

// Mentions come from mention nodes in the document (or `@username` of members in a `{ text }`
// body). Every id must be a member; `@everyone` needs an owner or admin of a group. Both rules are
// queries, run inside the write's transaction after the actor's own membership was checked, so a
// refusal here never tells an outsider who is in a conversation.

type Tx = Prisma.TransactionClient;

const EVERYONE_ROLES = ["owner", "admin"] as const;
/** Usernames looked up for a `{ text }` body: more than a group's 256 members cannot all match. */
const MAX_TYPED_MENTIONS = 256;

export interface PreparedBody extends NormalizedBody {
  /** Who gets a mention row: mentioned members (everyone → all other members), never the author. */
  mentionedUserIds: string[];
}

/** Distinct, lowercased usernames typed as `@name` (usernames are stored lowercase). */
export function extractMentionedUsernames(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(TYPED_MENTION)) {
    if (match[1]) names.add(match[1].toLowerCase());
    if (names.size >= MAX_TYPED_MENTIONS) break;
  }
  return [...names];
}

/**
 * The stored document and its plain text when the body mentions nobody — no mention node and no
 * typed `@name` — so nothing needs looking up; null when it does (prepareMessageBody then).
 */
export function bodyWithoutMentions(
  body: MessageBodyInput,
  options: { allowEmpty?: boolean } = {},
): NormalizedBody | null {
  if ("text" in body)
    return extractMentionedUsernames(body.text).length === 0 ? finishBody(docFromBody(body), options) : null;
  const doc = docFromBody(body);
  return mentionNodes(doc).length === 0 ? finishBody(doc, options) : null;
}

/** The stored document, its plain text and the mention rows to write, for one conversation. */
export async function prepareMessageBody({
  tx,
  actorId,
  conversationId,
  body,
  allowEmpty = false,
}: {
  tx: Tx;
  actorId: string;
  conversationId: string;
  body: MessageBodyInput;
  /** A message that carries files may have no text. */
  allowEmpty?: boolean;
}): Promise<PreparedBody> {
  const doc = "text" in body ? await docFromTypedText(tx, conversationId, body) : docFromBody(body);
  const nodes = mentionNodes(doc);
  const ids = new Set(nodes.map((node) => node.attrs.id));
  const everyone = ids.delete("everyone");

  const members =
    ids.size === 0
      ? []
      : await tx.membership.findMany({
          where: { AND: [activeMembershipWhere({ conversationId }), { userId: { in: [...ids] } }] },
          select: { userId: true, user: { select: { username: true } } },
        });
  const usernames = new Map(members.map((m) => [m.userId, m.user.username]));
  if (usernames.size !== ids.size) {
    throw new AppError("invalid:mention", "You can only mention members of this conversation.");
  }
  // Labels are the server's: a client cannot make a mention read as someone else.
  for (const node of nodes) {
    node.attrs.label = node.attrs.id === "everyone" ? "everyone" : (usernames.get(node.attrs.id) ?? null);
  }
  const finished = finishBody(doc, { allowEmpty });

  if (!everyone) return { ...finished, mentionedUserIds: [...ids].filter((id) => id !== actorId) };
  await requireEveryoneAllowed(tx, actorId, conversationId);
  const others = await tx.membership.findMany({
    where: { AND: [activeMembershipWhere({ conversationId }), { userId: { not: actorId } }] },
    select: { userId: true },
  });
  return { ...finished, mentionedUserIds: others.map((m) => m.userId) };
}

async function docFromTypedText(tx: Tx, conversationId: string, body: { text: string }) {
  const typed = extractMentionedUsernames(body.text);
  const members =
    typed.length === 0
      ? []
      : await tx.membership.findMany({
          where: { AND: [activeMembershipWhere({ conversationId }), { user: { username: { in: typed } } }] },
          select: { userId: true, user: { select: { username: true } } },
        });
  const idFor = new Map(members.map((m) => [m.user.username, m.userId]));
  return docFromBody(body, (username) => idFor.get(username) ?? null);
}

async function requireEveryoneAllowed(tx: Tx, actorId: string, conversationId: string) {
  const allowed = await tx.membership.count({
    where: {
      ...activeMembershipWhere({ userId: actorId, conversationId }),
      role: { in: [...EVERYONE_ROLES] },
      AND: [{ conversation: { kind: "group" } }],
    },
  });
  if (allowed === 0) {
    throw new AppError(
      "forbidden:mention_everyone",
      "Only a group's owner and admins can mention @everyone.",
    );
  }
}

/**
 * Writes a message's mention rows (after deleting the old ones when `replace`). They carry the
 * message's createdAt, also after an edit: unread counting compares them with read markers,
 * which are message times.
 */
export async function writeMentions({
  tx,
  messageId,
  conversationId,
  createdAt,
  userIds,
  replace = false,
}: {
  tx: Tx;
  messageId: string;
  conversationId: string;
  createdAt: Date;
  userIds: string[];
  replace?: boolean;
}): Promise<void> {
  if (replace) await tx.mention.deleteMany({ where: { messageId } });
  if (userIds.length === 0) return;
  await tx.mention.createMany({
    data: userIds.map((userId) => ({ messageId, userId, conversationId, createdAt })),
  });
}
