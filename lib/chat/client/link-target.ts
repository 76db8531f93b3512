import { safeHref } from "@/lib/chat/body/link-href";

// The server accepts only http:, https: and mailto: links, but a document may come from an older
// server, a bug or a hand-edited row: the renderer checks again with the same rule (defence in
// depth) and shows an unsafe link as its text alone.

/** The URL as the browser would resolve it, or null when it must not become a link. */
export function linkTarget(raw: unknown): string | null {
  return typeof raw === "string" ? safeHref(raw) : null;
}

/** What every rendered link carries: a new tab, no opener, no referrer, no endorsement. */
export const LINK_REL = "noopener noreferrer nofollow";
