// npm start / npm run dev — serve Parley (and, with no realtime configured, the embedded
// realtime server on the same port). Builds first when the production build is missing or stale.
import path from "node:path";

const isDev = process.argv.includes("--dev");
// Next reads NODE_ENV when it loads, so this must happen before anything imports it.
Object.assign(process.env, { NODE_ENV: isDev ? "development" : "production" });

const rootDir = path.resolve(import.meta.dirname, "..");

function fail(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  const isExpected =
    error instanceof Error && ["StartupError", "EnvError", "DatabaseError"].includes(error.name);
  console.error(`Parley could not start: ${message}`);
  if (!isExpected && error instanceof Error && process.env.DEBUG) console.error(error.stack);
  process.exit(1);
}

async function main() {
  const { applyGeneratedDefaults } = await import("@/lib/launcher/configure");
  const { assertPortFree, createAppServer, listen } = await import("@/lib/launcher/http-server");
  const { isBuildStale, runBuild } = await import("@/lib/launcher/build");
  const env = applyGeneratedDefaults();
  await assertPortFree(env.PORT, env.HOSTNAME);

  const { assertPostgresReachable, databaseKind, disconnectDb, migrateDatabase } = await import("@/lib/db");
  if (env.DATABASE_URL) await assertPostgresReachable(env.DATABASE_URL);
  else await migrateDatabase();

  if (!isDev && isBuildStale(rootDir)) {
    console.log("Building Parley for production (first start or sources changed)…");
    await runBuild(rootDir);
  }

  const realtime = env.REALTIME_EMBEDDED ? await startEmbeddedRealtime(env) : undefined;
  const { default: next } = await import("next");
  const nextApp = next({ dev: isDev, dir: rootDir, hostname: env.HOSTNAME ?? "localhost", port: env.PORT });
  await nextApp.prepare();
  const server = createAppServer({
    app: nextApp.getRequestHandler(),
    appUpgrade: isDev ? nextApp.getUpgradeHandler() : undefined,
    realtime,
  });
  await listen(server, env.PORT, env.HOSTNAME);
  const host = env.HOSTNAME && env.HOSTNAME !== "0.0.0.0" ? env.HOSTNAME : "localhost";
  console.log(
    `Parley ready on http://${host}:${env.PORT} (${isDev ? "development" : "production"}, database: ${databaseKind()}, realtime: ${realtime ? "embedded" : "external"})`,
  );

  let isStopping = false;
  const stop = async () => {
    if (isStopping) return;
    isStopping = true;
    // Realtime first: clients get 4200 and reconnect to whichever node comes back.
    await realtime?.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await nextApp.close();
    await disconnectDb();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

async function startEmbeddedRealtime(env: Awaited<ReturnType<typeof import("@/lib/env").getEnv>>) {
  const { createRealtimeServer } = await import("@/lib/realtime/server");
  return createRealtimeServer({
    apps: [
      {
        id: env.PUSHER_APP_ID as string,
        key: env.PUSHER_KEY as string,
        secret: env.PUSHER_SECRET as string,
        enableClientEvents: env.REALTIME_ENABLE_CLIENT_EVENTS,
        // Channel and presence webhooks come back to this same app unless sent elsewhere.
        webhookUrl: env.REALTIME_WEBHOOK_URL ?? `http://127.0.0.1:${env.PORT}/api/realtime/webhook`,
      },
    ],
  });
}

main().catch(fail);
