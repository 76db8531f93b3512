import type { ClientEnv, ServerEnv } from "@/lib/env";
import { getRealtimeClientConfig } from "./config";

/** localhost, *.localhost, 127.0.0.0/8 and ::1: a plain socket there never crosses a network. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  return (
    name === "localhost" ||
    name.endsWith(".localhost") ||
    name === "::1" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
  );
}

/**
 * A start-up warning when browsers are told to open their realtime socket over plain ws:// to a
 * host that is not loopback (TLS off in NEXT_PUBLIC_PUSHER_* or PUSHER_*): every event and the
 * channel authorisations would cross the network unencrypted. Null when there is nothing to say,
 * including for the embedded server, which follows the page's own scheme.
 */
export function plainRealtimeWarning(env: ServerEnv, client: ClientEnv): string | null {
  if (!env.PUSHER_APP_ID || !env.PUSHER_KEY || !env.PUSHER_SECRET) return null;
  const config = getRealtimeClientConfig(env, client);
  if (config.sameOrigin || (config.forceTLS ?? true)) return null;
  const host = config.wsHost ?? `ws-${config.cluster}.pusher.com`;
  if (isLoopbackHost(host)) return null;
  const address = `ws://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}${config.wsPort ? `:${config.wsPort}` : ""}`;
  return (
    `Warning: browsers will open their realtime connection to ${address} without TLS, so messages ` +
    "and channel authorisations cross the network unencrypted. Serve the realtime server over TLS " +
    "and set NEXT_PUBLIC_PUSHER_USE_TLS=true (or PUSHER_USE_TLS=true)."
  );
}
