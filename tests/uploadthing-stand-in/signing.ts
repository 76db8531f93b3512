import { createHmac, timingSafeEqual } from "node:crypto";
import SQIds, { defaultOptions } from "sqids";

// The same primitives as @uploadthing/shared (crypto.ts), written out so the stand-in checks
// what the SDK produces instead of calling the SDK to check itself.
export const SIGNATURE_PREFIX = "hmac-sha256=";

export function sign(payload: string, apiKey: string): string {
  return SIGNATURE_PREFIX + createHmac("sha256", apiKey).update(payload).digest("hex");
}

export function verify(payload: string, signature: string | null | undefined, apiKey: string): boolean {
  if (!signature?.startsWith(SIGNATURE_PREFIX)) return false;
  const given = Buffer.from(signature.slice(SIGNATURE_PREFIX.length), "hex");
  const expected = createHmac("sha256", apiKey).update(payload).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export type SignedUrlCheck =
  | { ok: true; url: URL; params: URLSearchParams }
  | { ok: false; status: number; message: string };

/**
 * A presigned URL is `{url}?expires=…&…&signature=hmac-sha256=…`, where the signature is the HMAC
 * of everything before `&signature=` (generateSignedURL appends it last). `origin` is the scheme and
 * host the client used, so the signed string is rebuilt exactly as the SDK built it.
 */
export function checkSignedUrl(origin: string, pathAndQuery: string, apiKey: string): SignedUrlCheck {
  const at = pathAndQuery.lastIndexOf("&signature=");
  if (at === -1) return { ok: false, status: 400, message: "Missing signature" };
  const signed = `${origin}${pathAndQuery.slice(0, at)}`;
  const url = new URL(`${origin}${pathAndQuery}`);
  const signature = url.searchParams.get("signature");
  if (!verify(signed, signature, apiKey)) return { ok: false, status: 403, message: "Invalid signature" };
  const expires = Number(url.searchParams.get("expires"));
  if (!Number.isFinite(expires) || expires < Date.now())
    return { ok: false, status: 403, message: "URL has expired" };
  return { ok: true, url, params: url.searchParams };
}

// djb2 as in effect/Hash.string, which generateKey uses: keys start with the app id's sqid.
function hashString(str: string): number {
  let h = 5381;
  let i = str.length;
  while (i) h = (h * 33) ^ str.charCodeAt(--i);
  return (h & 0xbfffffff) | ((h >>> 1) & 0x40000000);
}

function shuffle(str: string, seed: string): string {
  const chars = str.split("");
  const seedNum = hashString(seed);
  for (let i = 0; i < chars.length; i++) {
    const j = ((seedNum % (i + 1)) + i) % chars.length;
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join("");
}

/** The prefix every file key of this app carries (verifyKey in @uploadthing/shared). */
export function appKeyPrefix(appId: string): string {
  const alphabet = shuffle(defaultOptions.alphabet, appId);
  return new SQIds({ alphabet, minLength: 12 }).encode([Math.abs(hashString(appId))]);
}
