import "server-only";
import { randomBytes } from "node:crypto";
import { type Db, getDb } from "@/lib/db";
import type { ServerEnv } from "@/lib/env";
import { closeUserConnections } from "@/lib/realtime/terminate";
import { bumpSessionVersion, findSessionUser } from "./session";
import { readSessionClaims } from "./session-reader";

/** How long a session token lives (Auth.js's `session.maxAge`, in seconds): 30 days. */
export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;

/** A fresh session id (`sid` in the token), drawn when someone signs in. */
export function newSessionId(): string {
  return randomBytes(18).toString("base64url");
}

/**
 * Signs out one session: its id is refused from now on, and the user's realtime connections are
 * closed. `terminate_connections` works per user, so the user's other devices lose their socket
 * too; their sessions still verify and their clients reconnect (components/realtime).
 *
 * The row is kept for a whole token lifetime from now: Auth.js may have re-issued the token with
 * a later expiry up to this moment, never after (the session check refuses it from now on).
 */
export async function revokeSession({
  db = getDb(),
  userId,
  sessionId,
  now = new Date(),
}: {
  db?: Db;
  userId: string;
  sessionId: string;
  now?: Date;
}): Promise<void> {
  const expiresAt = new Date(now.getTime() + SESSION_MAX_AGE_S * 1000);
  await db.revokedSession.createMany({ data: [{ id: sessionId, expiresAt }], skipDuplicates: true });
  // Rows past their expiry refuse only tokens that no longer verify anyway.
  await db.revokedSession.deleteMany({ where: { expiresAt: { lt: now } } });
  await closeUserConnections(userId);
}

/**
 * Ends every session of the user ("Sign out of all devices", or an administrator's action) and
 * closes their realtime connections.
 */
export async function endAllSessions({ db = getDb(), userId }: { db?: Db; userId: string }): Promise<void> {
  await bumpSessionVersion({ db, userId });
  await closeUserConnections(userId);
}

/**
 * "Sign out" on this device: revokes the session the request's cookie carries (a token minted
 * before session ids existed has none to revoke; clearing the cookie is all there is to do).
 * Only a session that is still valid is revoked: a stale or replayed cookie must not be able to
 * close the person's sockets on every device again and again.
 */
export async function revokeCurrentSession({
  headers,
  env,
}: {
  headers: Headers;
  env?: Pick<ServerEnv, "AUTH_SECRET" | "AUTH_URL">;
}): Promise<void> {
  const claims = await readSessionClaims({ headers, env });
  if (!claims?.sub || !claims.sid) return;
  const isValid = await findSessionUser({
    userId: claims.sub,
    sessionVersion: claims.sessionVersion ?? 0,
    sessionId: claims.sid,
  });
  if (!isValid) return;
  await revokeSession({ userId: claims.sub, sessionId: claims.sid });
}
