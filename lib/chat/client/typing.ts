/** "Ana is typing…", "Ana and Ben are typing…", "Several people are typing…", or nothing. */
export function describeTypists(typists: { displayName: string }[]): string | null {
  const [first, second] = typists;
  if (!first) return null;
  if (!second) return `${first.displayName} is typing…`;
  if (typists.length === 2) return `${first.displayName} and ${second.displayName} are typing…`;
  return "Several people are typing…";
}
