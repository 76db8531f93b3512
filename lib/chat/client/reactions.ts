// Reactions are sets: (message, user, emoji) is there or not. Local changes (optimistic clicks,
// realtime events) are applied as "add"/"remove" so that applying one twice is harmless.

export interface Reaction {
  emoji: string;
  userIds: string[];
}

export const QUICK_REACTIONS = ["👍", "❤️", "😂", "🎉", "😮", "😢"] as const;

/** `reactions` with `userId`'s `emoji` added or removed; the same array when nothing changes. */
export function withReaction(
  reactions: readonly Reaction[],
  change: { emoji: string; userId: string; isAdded: boolean },
): Reaction[] {
  const { emoji, userId, isAdded } = change;
  const index = reactions.findIndex((reaction) => reaction.emoji === emoji);
  const current = reactions[index];
  if (isAdded) {
    if (!current) return [...reactions, { emoji, userIds: [userId] }];
    if (current.userIds.includes(userId)) return reactions as Reaction[];
    return reactions.map((reaction, i) =>
      i === index ? { emoji, userIds: [...reaction.userIds, userId] } : reaction,
    );
  }
  if (!current?.userIds.includes(userId)) return reactions as Reaction[];
  const userIds = current.userIds.filter((id) => id !== userId);
  return userIds.length === 0
    ? reactions.filter((_, i) => i !== index)
    : reactions.map((reaction, i) => (i === index ? { emoji, userIds } : reaction));
}

/** Whether two reaction lists say the same thing, order included (a cheap equality for merges). */
export function sameReactions(a: readonly Reaction[], b: readonly Reaction[]): boolean {
  return (
    a.length === b.length &&
    a.every((reaction, i) => {
      const other = b[i];
      return (
        other?.emoji === reaction.emoji &&
        other.userIds.length === reaction.userIds.length &&
        other.userIds.every((id, j) => id === reaction.userIds[j])
      );
    })
  );
}

/** "Reacted by Ana, Ben and 3 others": names in reaction order, long lists shortened. */
export function reactedByLabel(
  userIds: readonly string[],
  nameOf: (userId: string) => string,
  max = 10,
): string {
  const names = userIds.slice(0, max).map(nameOf);
  const rest = userIds.length - names.length;
  return `Reacted by ${names.join(", ")}${rest > 0 ? ` and ${rest} other${rest === 1 ? "" : "s"}` : ""}`;
}
