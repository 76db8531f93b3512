import { isIP } from "node:net";
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

function isPrivateAddress(address: string): boolean {
  const v4 = address.replace(/^::ffff:/i, "");
  if (isIP(v4) === 4) {
    const [a = 0, b = 0] = v4.split(".").map(Number);
    return (
      a === 0 ||
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254)
    );
  }
  return /^(::$|f[cd][0-9a-f]{2}:|fe[89ab][0-9a-f]:)/i.test(address);
}

/**
 * Names and addresses only this machine, its container network or its LAN resolves: loopback,
 * private and link-local addresses, a single label (a compose service such as `soketi`) and the
 * suffixes reserved for internal names.
 */
export function isInternalHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (isLoopbackHost(name)) return true;
  if (isIP(name)) return isPrivateAddress(name);
  if (!name.includes(".")) return true;
  return /\.(internal|local|localdomain|lan|home\.arpa|svc|cluster\.local)$/.test(name);
}

/**
 * A start-up warning when browsers would be handed the address the server uses inside its own
 * network: PUSHER_HOST is internal (a container name, loopback, a private address) and
 * NEXT_PUBLIC_PUSHER_HOST does not give browsers another one; or NEXT_PUBLIC_PUSHER_HOST itself is a
 * container-style name no browser can resolve. Null when there is nothing to say.
 */
export function internalRealtimeHostWarning(env: ServerEnv, client: ClientEnv): string | null {
  if (!env.PUSHER_APP_ID || !env.PUSHER_KEY || !env.PUSHER_SECRET) return null;
  if (env.REALTIME_EMBEDDED || !env.PUSHER_HOST) return null;
  const config = getRealtimeClientConfig(env, client);
  const address = `${config.wsHost}${config.wsPort ? `:${config.wsPort}` : ""}`;
  const fix =
    "Set NEXT_PUBLIC_PUSHER_HOST (and NEXT_PUBLIC_PUSHER_PORT, NEXT_PUBLIC_PUSHER_USE_TLS) to the address browsers reach it at.";
  const publicHost = client.NEXT_PUBLIC_PUSHER_HOST;
  if (publicHost === undefined) {
    if (!isInternalHost(env.PUSHER_HOST)) return null;
    return (
      `Warning: browsers will be sent to PUSHER_HOST for realtime (${address}), an address of this ` +
      `machine or its internal network, because NEXT_PUBLIC_PUSHER_HOST is not set. ${fix}`
    );
  }
  // Loopback and private addresses given explicitly are a choice (one machine, a LAN); a bare
  // container name is not something a browser can resolve.
  const name = publicHost.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (isIP(name) || isLoopbackHost(name) || !isInternalHost(name)) return null;
  return `Warning: NEXT_PUBLIC_PUSHER_HOST=${publicHost} is a name browsers cannot resolve (internal to this machine or its network). ${fix}`;
}
