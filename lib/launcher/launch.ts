// Which layout serves Parley (see docs/architecture.md "Launcher and workers"):
// - development: one process (Next's dev server and the embedded realtime server);
// - production with one app process (the default, and always on the embedded database): the same
//   single process, Next in production mode;
// - production with WEB_CONCURRENCY > 1 on PostgreSQL: a launcher process with the embedded
//   realtime server and that many app workers (node:cluster) on the one port.
// Measured alternately (bench:compare, docs/architecture.md): the single process is within noise
// of a launcher with one worker on CPU per send and per request, so one worker needs no launcher.
import cluster from "node:cluster";
import { getEnv } from "@/lib/env";
import { workerCount } from "./workers";

export type Layout = "single" | "workers";

export interface LaunchOptions {
  dev: boolean;
  /** Forces a layout; benchmarks compare them. Unset: the one described above. */
  layout?: Layout;
  /** See coalesceResponse in http-server.ts. Benchmarks compare without it. */
  coalesceApiResponses?: boolean;
}

export async function launch(options: LaunchOptions): Promise<void> {
  const { dev, coalesceApiResponses } = options;
  if (cluster.isWorker) {
    const { runAppWorker } = await import("./app-worker");
    return runAppWorker({ coalesceApiResponses });
  }
  const env = getEnv();
  const count = workerCount(env);
  const layout = options.layout ?? (dev || count === 1 ? "single" : "workers");
  if (layout === "single") {
    if ((env.WEB_CONCURRENCY ?? 1) > 1 && count === 1)
      console.log("WEB_CONCURRENCY is ignored on the embedded database: one process serves it.");
    const { runSingleProcess } = await import("./single-process");
    return runSingleProcess({ dev, coalesceApiResponses });
  }
  const { runLauncher } = await import("./launcher");
  return runLauncher({ count });
}
