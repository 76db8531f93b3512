// An app worker of the launcher (launcher.ts): Next's production server on the shared port, with
// realtime upgrades and REST calls relayed to the launcher's embedded realtime server.
import { getEnv } from "@/lib/env";
import { serveNext } from "./next-server";
import { guardProcess, stopOnSignal } from "./start-up";
import { realtimeRelay } from "./workers";

export async function runAppWorker(options: { coalesceApiResponses?: boolean } = {}) {
  const env = getEnv();
  if (!env.DATABASE_URL) {
    // One process per data folder: the worker, not the launcher, opens and migrates PGlite.
    const { migrateDatabase } = await import("@/lib/db");
    await migrateDatabase();
  }
  const relay = env.REALTIME_INTERNAL_PORT
    ? realtimeRelay({
        internalPort: env.REALTIME_INTERNAL_PORT,
        send: (message, socket, callback) => {
          if (!process.send) return callback(new Error("no launcher"));
          process.send(message, socket, undefined, callback);
        },
      })
    : undefined;
  const app = await serveNext({
    env,
    dev: false,
    realtime: relay,
    coalesceApiResponses: options.coalesceApiResponses,
  });
  process.send?.("parley:ready");
  await guardProcess("app worker");
  stopOnSignal(() => app.close());
}
