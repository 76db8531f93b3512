/** One row of a suggestion list (mentions here, emoji in the editor). */
export interface SuggestionItem {
  key: string;
  /** What the option shows and is named by. */
  label: string;
  /** The emoji, or an avatar initial; shown before the label. */
  leading?: string;
  detail?: string;
}

export interface MentionCandidate {
  id: string;
  username: string;
  displayName: string;
}

/** The `id` of an @everyone mention, as the contract names it. */
export const EVERYONE = "everyone";
const LIMIT = 8;

/**
 * Members whose username or display name starts a word with the query, the viewer left out, then
 * `@everyone` when the viewer may use it. Prefix matches on the username come first.
 */
export function mentionItems({
  query,
  members,
  viewerId,
  canMentionEveryone,
}: {
  query: string;
  members: MentionCandidate[];
  viewerId: string;
  canMentionEveryone: boolean;
}): SuggestionItem[] {
  const q = query.trim().toLowerCase();
  const score = (member: MentionCandidate) => {
    if (member.username.toLowerCase().startsWith(q)) return 0;
    if (member.displayName.toLowerCase().startsWith(q)) return 1;
    if (
      member.displayName
        .toLowerCase()
        .split(/\s+/)
        .some((word) => word.startsWith(q))
    )
      return 2;
    return member.username.toLowerCase().includes(q) ? 3 : -1;
  };
  const people = members
    .filter((member) => member.id !== viewerId)
    .map((member) => ({ member, rank: score(member) }))
    .filter(({ rank }) => rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.member.displayName.localeCompare(b.member.displayName))
    .slice(0, LIMIT)
    .map(({ member }) => ({
      key: member.id,
      label: member.displayName,
      leading: member.displayName.charAt(0).toUpperCase(),
      detail: `@${member.username}`,
    }));
  const everyone =
    canMentionEveryone && EVERYONE.startsWith(q)
      ? [{ key: EVERYONE, label: "everyone", leading: "@", detail: "Notify everyone here" }]
      : [];
  return [...people, ...everyone];
}
