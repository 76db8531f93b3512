// Parley's embedded Pusher-protocol server, standalone in its own process for the benchmark.
import { createRealtimeServer } from "../../lib/realtime/server/index";

const app = {
  id: process.env.BENCH_APP_ID ?? "bench",
  key: process.env.BENCH_APP_KEY ?? "bench-key",
  secret: process.env.BENCH_APP_SECRET ?? "bench-secret",
  enableClientEvents: true,
};

const server = createRealtimeServer({
  apps: [app],
  // Every benchmark client connects from this machine's one address.
  limits: { maxConnectionsPerIp: Number.POSITIVE_INFINITY },
  log: (level, message, details) => {
    if (level !== "info") console.error(level, message, details ?? "");
  },
});
const { port } = await server.listen(Number(process.env.BENCH_PORT ?? 0), "127.0.0.1");
console.log(JSON.stringify({ ready: true, pid: process.pid, port }));

process.on("SIGTERM", () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
