import type { ServerEnv } from "@/lib/env";
import { addressLimitKey, resolveClientIp } from "@/lib/rate-limit/client-ip";
import type { RealtimeLog, RealtimeServerOptions } from "@/lib/realtime/server";

type RealtimeEnv = Pick<
  ServerEnv,
  | "PUSHER_APP_ID"
  | "PUSHER_KEY"
  | "PUSHER_SECRET"
  | "REALTIME_ENABLE_CLIENT_EVENTS"
  | "REALTIME_MAX_CONNECTIONS"
  | "REALTIME_MAX_CONNECTIONS_PER_IP"
  | "TRUSTED_PROXIES"
>;

/** Client misbehaviour ("debug") is expected noise on the internet; the rest goes to the console. */
export const consoleRealtimeLog: RealtimeLog = (level, message, details) => {
  if (level === "debug") return;
  const line = details ? `${message} ${JSON.stringify(details)}` : message;
  if (level === "info") console.log(line);
  else console.error(`[${level}] ${line}`);
};

/**
 * The embedded realtime server's options from the environment, for `npm start` and
 * `npm run realtime` alike. The per-address socket limit keys on the same client address as
 * the app's limits: the socket's, or the X-Forwarded-For hop TRUSTED_PROXIES says to believe.
 * Never the launcher's internal header: a client connecting straight to `npm run realtime` could
 * forge it, and a handed-over upgrade keeps the client's own socket anyway.
 */
export function realtimeServerOptions(
  env: RealtimeEnv,
  extra: { webhookUrl?: string; clientIp?: RealtimeServerOptions["clientIp"] } = {},
): RealtimeServerOptions {
  const perIp = env.REALTIME_MAX_CONNECTIONS_PER_IP;
  return {
    apps: [
      {
        id: env.PUSHER_APP_ID as string,
        key: env.PUSHER_KEY as string,
        secret: env.PUSHER_SECRET as string,
        enableClientEvents: env.REALTIME_ENABLE_CLIENT_EVENTS,
        webhookUrl: extra.webhookUrl,
        maxConnections: env.REALTIME_MAX_CONNECTIONS,
        // Parley's client signs in on every connection; a socket that does not is closed after
        // 30 s, so revoking a session (terminate_connections by user) reaches every socket.
        enableUserAuthentication: true,
      },
    ],
    limits: { maxConnectionsPerIp: perIp === 0 ? Number.POSITIVE_INFINITY : perIp },
    log: consoleRealtimeLog,
    clientIp:
      extra.clientIp ??
      ((req) =>
        addressLimitKey(
          resolveClientIp({
            socketAddress: req.socket.remoteAddress ?? "",
            forwardedFor: req.headers["x-forwarded-for"],
            trustedProxies: env.TRUSTED_PROXIES,
          }),
        )),
  };
}
