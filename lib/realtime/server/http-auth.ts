import { hmacHex, md5Hex, safeEqual } from "./signatures";

export interface SignedRequest {
  method: string;
  /** The path exactly as requested (what the SDK signed), without the query string. */
  path: string;
  query: URLSearchParams;
  body: Buffer;
}

/**
 * Checks a REST request signed the Pusher way (auth_version 1.0). Returns why it is refused,
 * or undefined when it is authentic and fresh.
 */
export function verifySignedRequest(
  request: SignedRequest,
  app: { key: string; secret: string },
  options: { timestampWindowSeconds: number; now?: number },
): string | undefined {
  const params = new Map<string, string>();
  for (const [name, value] of request.query) {
    const key = name.toLowerCase();
    if (params.has(key)) return `Duplicate query parameter ${key}`;
    params.set(key, value);
  }
  const signature = params.get("auth_signature");
  if (!signature) return "Missing auth_signature";
  if (params.get("auth_key") !== app.key) return "Unknown auth_key";
  if (params.get("auth_version") !== "1.0") return "auth_version must be 1.0";

  const timestamp = Number(params.get("auth_timestamp"));
  const nowSeconds = (options.now ?? Date.now()) / 1000;
  if (!Number.isInteger(timestamp)) return "Missing or invalid auth_timestamp";
  // A captured request cannot be replayed outside this window.
  if (Math.abs(nowSeconds - timestamp) > options.timestampWindowSeconds) {
    return `auth_timestamp is more than ${options.timestampWindowSeconds} s from server time`;
  }

  const bodyMd5 = params.get("body_md5");
  if (request.body.length > 0 || bodyMd5 !== undefined) {
    if (bodyMd5 === undefined) return "Missing body_md5";
    if (!safeEqual(bodyMd5, md5Hex(request.body))) return "body_md5 does not match the body";
  }

  params.delete("auth_signature");
  const canonical = [...params.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
  const expected = hmacHex(app.secret, `${request.method}\n${request.path}\n${canonical}`);
  return safeEqual(signature, expected) ? undefined : "Invalid signature";
}
