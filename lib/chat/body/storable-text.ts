// PostgreSQL cannot store U+0000 in text or jsonb, and a lone UTF-16 surrogate is not a
// character at all (jsonb refuses its escape). JSON lets a client send both; without this check
// they reach the database and come back as a 500 instead of a clear 400.
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is exactly what it looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when any string anywhere in `value` (keys included) holds a character the database cannot. */
export function hasUnstorableText(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === "string") {
      if (UNSTORABLE.test(item)) return true;
    } else if (Array.isArray(item)) {
      pending.push(...item);
    } else if (item !== null && typeof item === "object") {
      for (const [key, entry] of Object.entries(item)) pending.push(key, entry);
    }
  }
  return false;
}
