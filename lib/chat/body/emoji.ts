// What counts as "one emoji" for a reaction: exactly one grapheme that is an RGI emoji (the
// Unicode set vendors draw: skin tones, ZWJ families, flags, keycaps, tag sequences). Text,
// two emoji, markup and lone modifiers are refused. An emoji typed without its variation
// selector (❤ for ❤️) is stored fully qualified, so both spellings are one reaction.

export const MAX_EMOJI_UTF16 = 32;

// Built at runtime: the `v` flag (and \p{RGI_Emoji}) is newer than the TypeScript target, but
// Node 20 and every browser we support have it.
const UNICODE_SETS: string = "v";
const RGI_EMOJI = new RegExp("^\\p{RGI_Emoji}$", UNICODE_SETS);
const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

function isOneGrapheme(value: string): boolean {
  const iterator = graphemes.segment(value)[Symbol.iterator]();
  return !iterator.next().done && iterator.next().done === true;
}

/** The canonical form of a single reaction emoji, or null when `value` is not one. */
export function canonicalEmoji(value: string): string | null {
  if (value.length === 0 || value.length > MAX_EMOJI_UTF16 || !isOneGrapheme(value)) return null;
  if (RGI_EMOJI.test(value)) return value;
  const qualified = `${value}\uFE0F`;
  return qualified.length <= MAX_EMOJI_UTF16 && isOneGrapheme(qualified) && RGI_EMOJI.test(qualified)
    ? qualified
    : null;
}
