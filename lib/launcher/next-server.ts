// Next's request handler behind Parley's HTTP server (http-server.ts), as both layouts run it: the
// single process and each app worker.
import type { Mountable } from "./http-server";
import type { Env } from "./start-up";

export interface ServingNext {
  /** Closes the HTTP server, Next and the database, in that order. */
  close(): Promise<void>;
}

export async function serveNext(options: {
  env: Env;
  dev: boolean;
  /** The embedded realtime server, or a worker's relay to the launcher's. */
  realtime?: Mountable;
  /** Development only: Next's hot-reload socket. */
  withNextUpgrades?: boolean;
  /** See coalesceResponse in http-server.ts; on unless a benchmark compares without it. */
  coalesceApiResponses?: boolean;
}): Promise<ServingNext> {
  const { env, dev, realtime } = options;
  const { appRoot, keepOwnVariables } = await import("@/lib/load-env");
  const { createAppServer, listen } = await import("./http-server");
  const { disconnectDb } = await import("@/lib/db");
  // Forced, not defaulted: every request reaches Next through createAppServer, which sets the
  // client-address header, and the app must never fall back to reading X-Forwarded-For.
  (await import("@/lib/env")).forceEnv("LAUNCHER_CLIENT_IP", "true");
  // The dev server reloads .env files when they change; the generated defaults and the flag above
  // must survive it.
  if (dev) keepOwnVariables();

  const { default: next } = await import("next");
  const { displayHost } = await import("./start-up");
  const nextApp = next({ dev, dir: appRoot, hostname: displayHost(env), port: env.PORT });
  await nextApp.prepare();
  const server = createAppServer({
    app: nextApp.getRequestHandler(),
    appUpgrade: options.withNextUpgrades ? nextApp.getUpgradeHandler() : undefined,
    realtime,
    trustedProxies: env.TRUSTED_PROXIES,
    coalesceApiResponses: options.coalesceApiResponses,
  });
  await listen(server, env.PORT, env.listenHost);
  return {
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await nextApp.close();
      await disconnectDb();
    },
  };
}
