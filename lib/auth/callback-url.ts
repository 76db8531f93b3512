/**
 * Where to send someone after signing in: only a path on this site. Absolute URLs,
 * protocol-relative `//host` and backslash tricks (`/\host`) would make the sign-in page an
 * open redirect. The auth pages themselves are not destinations.
 */
export function safeCallbackUrl(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/")) return fallback;
  if (value.startsWith("//") || value.includes("\\")) return fallback;
  // Control characters are dropped by URL parsers and could rebuild a `//` prefix.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
  if (/[\u0000-\u001f\u007f]/.test(value)) return fallback;
  const path = value.split(/[?#]/)[0] ?? "";
  if (path === "/sign-in" || path === "/sign-up") return fallback;
  return value;
}
