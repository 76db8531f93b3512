import path from "node:path";
import { type ServerProcess, spawnServer, waitForHttp } from "../processes";

export interface SoketiOptions {
  port: number;
  metricsPort: number;
  app: { id: string; key: string; secret: string };
}

const benchDir = path.resolve(import.meta.dirname, "..");

/** Starts soketi 1.6.1 from bench/node_modules (uWebSockets.js replaced by an installable build). */
export async function startSoketi(options: SoketiOptions): Promise<ServerProcess> {
  const entry = path.join(benchDir, "node_modules/@soketi/soketi/bin/server.js");
  const server = spawnServer({
    name: "soketi",
    command: process.execPath,
    args: [entry, "start"],
    cwd: benchDir,
    env: {
      SOKETI_HOST: "127.0.0.1",
      SOKETI_PORT: String(options.port),
      SOKETI_DEFAULT_APP_ID: options.app.id,
      SOKETI_DEFAULT_APP_KEY: options.app.key,
      SOKETI_DEFAULT_APP_SECRET: options.app.secret,
      SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES: "true",
      SOKETI_METRICS_ENABLED: "false",
      // soketi always opens its /usage endpoint; keep it on loopback and off the default 9601.
      SOKETI_METRICS_HOST: "127.0.0.1",
      SOKETI_METRICS_SERVER_PORT: String(options.metricsPort),
      SOKETI_SHUTDOWN_GRACE_PERIOD: "0",
    },
  });
  await waitForHttp(`http://127.0.0.1:${options.port}/ready`, 20_000, server);
  return server;
}
