import type { Options } from "pusher-js";
import type { RealtimeClientConfig } from "./config";

/** pusher-js options for this deployment; `location` is the page's (the embedded server shares its origin). */
export function buildClientOptions(
  config: RealtimeClientConfig,
  location: { protocol: string; hostname: string; port: string },
): Options {
  const auth = {
    channelAuthorization: { endpoint: "/api/realtime/auth", transport: "ajax" as const },
    userAuthentication: { endpoint: "/api/realtime/user-auth", transport: "ajax" as const },
  };
  if (config.sameOrigin) {
    const isTLS = location.protocol === "https:";
    const port = Number(location.port) || (isTLS ? 443 : 80);
    return {
      ...auth,
      cluster: config.cluster,
      wsHost: location.hostname,
      wsPort: port,
      wssPort: port,
      forceTLS: isTLS,
      enabledTransports: ["ws", "wss"],
      disableStats: true,
    };
  }
  return {
    ...auth,
    cluster: config.cluster,
    ...(config.wsHost
      ? {
          wsHost: config.wsHost,
          wsPort: config.wsPort,
          wssPort: config.wsPort,
          enabledTransports: ["ws", "wss"],
        }
      : {}),
    forceTLS: config.forceTLS ?? true,
    disableStats: true,
  };
}
