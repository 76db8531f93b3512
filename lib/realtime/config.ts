import { type ClientEnv, getClientEnv, getEnv, type ServerEnv } from "@/lib/env";

export type RealtimeMode = "embedded" | "pusher" | "self-hosted";

export interface RealtimeServerConfig {
  appId: string;
  key: string;
  secret: string;
  host?: string;
  port?: string;
  useTLS: boolean;
  cluster: string;
}

/** What the browser needs to reach the realtime server; never contains the secret. */
export interface RealtimeClientConfig {
  key: string;
  cluster: string;
  /** Connect to the page's own origin (the embedded server shares the app's port). */
  sameOrigin: boolean;
  wsHost?: string;
  wsPort?: number;
  forceTLS?: boolean;
}

export function getRealtimeMode(env: ServerEnv = getEnv()): RealtimeMode {
  if (env.REALTIME_EMBEDDED) return "embedded";
  return env.PUSHER_HOST ? "self-hosted" : "pusher";
}

export function getRealtimeServerConfig(env: ServerEnv = getEnv()): RealtimeServerConfig {
  const { PUSHER_APP_ID: appId, PUSHER_KEY: key, PUSHER_SECRET: secret } = env;
  if (!appId || !key || !secret) {
    throw new Error("Realtime is not configured: set PUSHER_APP_ID, PUSHER_KEY and PUSHER_SECRET.");
  }
  if (getRealtimeMode(env) === "embedded") {
    // The embedded server runs in the launcher: reached over loopback on its own port, or on the
    // app's port when it shares the app's process (development).
    const port = String(env.REALTIME_INTERNAL_PORT ?? env.PORT);
    return { appId, key, secret, host: "127.0.0.1", port, useTLS: false, cluster: "local" };
  }
  return {
    appId,
    key,
    secret,
    host: env.PUSHER_HOST,
    port: env.PUSHER_PORT ? String(env.PUSHER_PORT) : undefined,
    useTLS: env.PUSHER_USE_TLS ?? !env.PUSHER_HOST,
    cluster: env.PUSHER_CLUSTER ?? "mt1",
  };
}

export function getRealtimeClientConfig(
  env: ServerEnv = getEnv(),
  client: ClientEnv = getClientEnv(),
): RealtimeClientConfig {
  const server = getRealtimeServerConfig(env);
  if (getRealtimeMode(env) === "embedded") {
    return { key: server.key, cluster: server.cluster, sameOrigin: true };
  }
  return {
    key: client.NEXT_PUBLIC_PUSHER_KEY ?? server.key,
    cluster: client.NEXT_PUBLIC_PUSHER_CLUSTER ?? server.cluster,
    sameOrigin: false,
    wsHost: client.NEXT_PUBLIC_PUSHER_HOST ?? env.PUSHER_HOST,
    wsPort: client.NEXT_PUBLIC_PUSHER_PORT ?? env.PUSHER_PORT,
    forceTLS: client.NEXT_PUBLIC_PUSHER_USE_TLS ?? server.useTLS,
  };
}

/** Extra CSP connect-src entries so the browser may open its realtime socket. */
export function getRealtimeConnectSources(env: ServerEnv = getEnv()): string[] {
  const mode = getRealtimeMode(env);
  if (mode === "embedded" || !env.PUSHER_KEY) return [];
  if (mode === "pusher") {
    const cluster = env.PUSHER_CLUSTER ?? "mt1";
    return [`wss://ws-${cluster}.pusher.com`, `https://sockjs-${cluster}.pusher.com`];
  }
  const client = getRealtimeClientConfig(env);
  const scheme = client.forceTLS ? "wss" : "ws";
  const port = client.wsPort ? `:${client.wsPort}` : "";
  return [`${scheme}://${client.wsHost}${port}`];
}
