import type { AppState } from "./app-state";
import { ErrorCode } from "./error-codes";
import type { RealtimeHeartbeatOptions } from "./options";

/** The `activity_timeout` advertised to clients, in whole seconds (pusher-js rejects 0). */
export function advertisedActivityTimeout(options: RealtimeHeartbeatOptions): number {
  return Math.max(1, Math.round(options.activityTimeoutMs / 1000));
}

const NOT_SIGNED_IN = "Connection not authorized within timeout.";

/**
 * One sweep timer for all sockets (not a timer per socket): pings sockets idle for the
 * activity timeout and closes with 4201 those that have not answered within the pong timeout.
 * Closing forgets the socket at once, so presence `member_removed` does not wait for TCP.
 * On apps that require it, a socket not signed in within its time is closed with 4009.
 */
export function startHeartbeat(apps: Iterable<AppState>, options: RealtimeHeartbeatOptions): () => void {
  const sweepMs = Math.min(
    2_000,
    Math.max(
      25,
      Math.min(options.activityTimeoutMs, options.pongTimeoutMs, options.userAuthenticationTimeoutMs) / 4,
    ),
  );
  const timer = setInterval(() => {
    const now = Date.now();
    for (const app of apps) {
      const mustSignIn = app.config.enableUserAuthentication === true;
      for (const connection of app.connections.values()) {
        if (
          mustSignIn &&
          connection.userId === undefined &&
          now - connection.openedAt >= options.userAuthenticationTimeoutMs
        ) {
          connection.sendError(ErrorCode.unauthorized, NOT_SIGNED_IN);
          connection.close(ErrorCode.unauthorized, NOT_SIGNED_IN);
        } else if (connection.pingSentAt !== undefined) {
          if (now - connection.pingSentAt >= options.pongTimeoutMs) {
            connection.close(ErrorCode.pongTimeout, "Pong reply not received in time");
          }
        } else if (now - connection.lastActivityAt >= options.activityTimeoutMs) {
          connection.ping(now);
        }
      }
    }
  }, sweepMs);
  timer.unref();
  return () => clearInterval(timer);
}
