/**
 * The shape a code block's language must have: the server's body schema requires it, and the
 * composer and the renderer drop any other value to "none". One pattern for all three.
 */
export const CODE_LANGUAGE_PATTERN = /^[a-z0-9][a-z0-9+#._-]{0,31}$/;

/** A code block's language when it has the allowed shape; anything else means "none". */
export function codeLanguage(value: unknown): string | null {
  return typeof value === "string" && CODE_LANGUAGE_PATTERN.test(value) ? value : null;
}
