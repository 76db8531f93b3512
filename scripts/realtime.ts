// npm run realtime — the embedded Pusher-protocol server on its own port (REALTIME_HOST:REALTIME_PORT).
import { loadEnv } from "@/lib/load-env";

loadEnv();

function fail(message: string): never {
  console.error(`Realtime server could not start: ${message}`);
  process.exit(1);
}

async function main() {
  const { getEnv } = await import("@/lib/env");
  const env = getEnv();
  const missing = (["PUSHER_APP_ID", "PUSHER_KEY", "PUSHER_SECRET"] as const).filter((name) => !env[name]);
  if (missing.length > 0) fail(`set ${missing.join(", ")} (the app credentials clients and the SDK use).`);

  const { createRealtimeServer } = await import("@/lib/realtime/server");
  const { realtimeServerOptions } = await import("@/lib/launcher/realtime-options");
  const server = createRealtimeServer(realtimeServerOptions(env, { webhookUrl: env.REALTIME_WEBHOOK_URL }));

  try {
    const { port } = await server.listen(env.REALTIME_PORT, env.REALTIME_HOST);
    console.log(
      `Realtime server listening on ws://${env.REALTIME_HOST}:${port}/app/${env.PUSHER_KEY} (app ${env.PUSHER_APP_ID})`,
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE")
      fail(`port ${env.REALTIME_PORT} is in use; stop what uses it or set REALTIME_PORT.`);
    if (code === "EACCES") fail(`not allowed to listen on port ${env.REALTIME_PORT}; choose one above 1024.`);
    if (code === "EADDRNOTAVAIL") fail(`cannot listen on ${env.REALTIME_HOST}; check REALTIME_HOST.`);
    throw error;
  }

  // Serving now: an error that escapes a handler is logged and costs one connection.
  const { installProcessGuard } = await import("@/lib/launcher/process-guard");
  installProcessGuard({ name: "realtime server" });

  let isStopping = false;
  const stop = () => {
    if (isStopping) return;
    isStopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
