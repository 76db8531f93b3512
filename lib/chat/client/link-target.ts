// The server accepts only http:, https: and mailto: links, but a document may come from an older
// server, a bug or a hand-edited row: the renderer checks again (defence in depth) and shows an
// unsafe link as its text alone.

const ALLOWED_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);
// C0 and C1 controls and invisible separators: browsers drop some of them inside a scheme, which
// is how `java\tscript:` slips past naive checks.
const FORBIDDEN = /[\p{Cc}\s\u200B-\u200F\u2028-\u202F\u2060\uFEFF]/u;

/** The URL as the browser would resolve it, or null when it must not become a link. */
export function linkTarget(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const href = raw.trim();
  if (href === "" || FORBIDDEN.test(href)) return null;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) return null;
  if (url.protocol !== "mailto:" && url.hostname === "") return null;
  return url.href;
}

/** What every rendered link carries: a new tab, no opener, no referrer, no endorsement. */
export const LINK_REL = "noopener noreferrer nofollow";
