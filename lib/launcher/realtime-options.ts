import type { ServerEnv } from "@/lib/env";
import type { RealtimeLog, RealtimeServerOptions } from "@/lib/realtime/server";

type RealtimeEnv = Pick<
  ServerEnv,
  | "PUSHER_APP_ID"
  | "PUSHER_KEY"
  | "PUSHER_SECRET"
  | "REALTIME_ENABLE_CLIENT_EVENTS"
  | "REALTIME_MAX_CONNECTIONS"
  | "REALTIME_MAX_CONNECTIONS_PER_IP"
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
 * `npm run realtime` alike. `clientIp` is left to the caller (default: the socket's address).
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
      },
    ],
    limits: { maxConnectionsPerIp: perIp === 0 ? Number.POSITIVE_INFINITY : perIp },
    log: consoleRealtimeLog,
    ...(extra.clientIp ? { clientIp: extra.clientIp } : {}),
  };
}
