// Which link targets a message may carry. Browsers forgive a lot in an href (tabs and newlines
// inside the scheme, leading control characters, mixed case), which is how `java\tscript:` and
// friends get through naive prefix checks. So: refuse any control character or inner whitespace
// outright, then let the WHATWG URL parser (the browser's own algorithm) decide the scheme, and
// accept only absolute http:, https: and mailto: URLs. Relative URLs have no scheme to check and
// are refused too.

const ALLOWED_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);
// Any Unicode whitespace or invisible format character (zero-width space, bidi overrides, BOM).
const INVISIBLE = /[\s\p{Cf}]/u;

/** C0 controls, DEL and C1 controls: invisible, and stripped or tolerated by URL parsers. */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/** The URL as the browser would resolve it, or null when it is not a safe link target. */
export function safeHref(raw: string): string | null {
  const href = raw.trim();
  if (href === "" || hasControlCharacter(href) || INVISIBLE.test(href)) return null;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) return null;
  if (url.protocol !== "mailto:" && url.hostname === "") return null;
  if (url.username || url.password) return null;
  return url.href;
}

export function isSafeHref(raw: string): boolean {
  return safeHref(raw) !== null;
}
