// Mentions are "@username" in the text for now; a mention node in the document replaces this
// when rich text arrives, and only the extraction changes.

const MENTION = /(?<![A-Za-z0-9_])@([A-Za-z0-9_]{3,32})(?![A-Za-z0-9_])/g;
const MAX_MENTIONS = 50;

/** Distinct, lowercased usernames mentioned in a message (usernames are stored lowercase). */
export function extractMentionedUsernames(plainText: string): string[] {
  const names = new Set<string>();
  for (const match of plainText.matchAll(MENTION)) {
    if (match[1]) names.add(match[1].toLowerCase());
    if (names.size >= MAX_MENTIONS) break;
  }
  return [...names];
}
