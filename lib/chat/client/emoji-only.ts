// "Emoji-only" messages (one to three emoji, nothing else) are shown large, as most chat apps do.
// Counting has to be by grapheme: 👨‍👩‍👧 is five code points and one emoji, 🇫🇷 two and one.

export const MAX_LARGE_EMOJI = 3;

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

// Extended_Pictographic alone also matches ©, ® and ™, which render as text unless followed by
// the emoji variation selector (U+FE0F); those count only with it.
const PICTOGRAPH_AS_EMOJI = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F/u;
const FLAG = /^\p{Regional_Indicator}{2}$/u;
const KEYCAP = /^[0-9#*]\uFE0F?\u20E3$/u;
/** The code points an emoji grapheme may be built from (modifiers, joiners, selectors, tags). */
const EMOJI_PART =
  /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|[\u200D\uFE0F\u20E3#*0-9]|[\u{E0020}-\u{E007F}])+$/u;

export function isEmojiGrapheme(segment: string): boolean {
  if (FLAG.test(segment) || KEYCAP.test(segment)) return true;
  return PICTOGRAPH_AS_EMOJI.test(segment) && EMOJI_PART.test(segment) && !/^[0-9#*]/.test(segment);
}

/** How many emoji `text` holds when it holds nothing else (whitespace aside); 0 otherwise. */
export function countEmojiOnly(text: string): number {
  let count = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (/^\s+$/u.test(segment)) continue;
    if (!isEmojiGrapheme(segment)) return 0;
    count++;
  }
  return count;
}

/** Whether a message's text should render as large emoji. */
export function isLargeEmojiMessage(text: string): boolean {
  const count = countEmojiOnly(text);
  return count >= 1 && count <= MAX_LARGE_EMOJI;
}
