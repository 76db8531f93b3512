import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export function hmacHex(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(payload).digest("hex");
}

export function md5Hex(body: Buffer | string): string {
  return createHash("md5").update(body).digest("hex");
}

/** Constant-time string comparison; only the (public) length can leak. */
export function safeEqual(actual: string, expected: string): boolean {
  const a = Buffer.from(actual);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `{int}.{int}` from the CSPRNG: socket ids are used to exclude senders, so they must not be guessable. */
export function createSocketId(): string {
  const bytes = randomBytes(12);
  return `${bytes.readUIntBE(0, 6)}.${bytes.readUIntBE(6, 6)}`;
}

/** The `auth` value a client must present: `key:hex(HMAC(secret, payload))`. */
function verifyKeyedSignature(auth: unknown, key: string, secret: string, payload: string): boolean {
  if (typeof auth !== "string") return false;
  return safeEqual(auth, `${key}:${hmacHex(secret, payload)}`);
}

export function verifyChannelAuth(options: {
  auth: unknown;
  key: string;
  secret: string;
  socketId: string;
  channel: string;
  channelData?: string;
}): boolean {
  const { auth, key, secret, socketId, channel, channelData } = options;
  const payload =
    channelData === undefined ? `${socketId}:${channel}` : `${socketId}:${channel}:${channelData}`;
  return verifyKeyedSignature(auth, key, secret, payload);
}

export function verifyUserAuth(options: {
  auth: unknown;
  key: string;
  secret: string;
  socketId: string;
  userData: string;
}): boolean {
  const { auth, key, secret, socketId, userData } = options;
  return verifyKeyedSignature(auth, key, secret, `${socketId}::user::${userData}`);
}
