/**
 * A Pusher socket id, `{int}.{int}`: what the embedded server hands out (two 48-bit integers),
 * hosted Pusher and soketi alike. Bounded, so a hostile value cannot be long. One pattern for the
 * realtime server's REST API and for the app's routes, channel auth and publishing.
 */
export const SOCKET_ID_PATTERN = /^\d{1,20}\.\d{1,20}$/;

export function isSocketId(value: unknown): value is string {
  return typeof value === "string" && SOCKET_ID_PATTERN.test(value);
}
