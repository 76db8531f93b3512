// Which layout serves Parley (see docs/architecture.md "Launcher and workers"):
// - development: one process (Next's dev server and the embedded realtime server);
// - production: a launcher process with the embedded realtime server and app workers
//   (node:cluster) on the one port.
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
  const layout = options.layout ?? (dev ? "single" : "workers");
  if (layout === "single") {
    const { runSingleProcess } = await import("./single-process");
    return runSingleProcess({ dev, coalesceApiResponses });
  }
  const env = getEnv();
  const count = workerCount(env);
  if (count === 1 && (env.WEB_CONCURRENCY ?? 1) > 1)
    console.log("WEB_CONCURRENCY is ignored on the embedded database: one process serves it.");
  const { runLauncher } = await import("./launcher");
  return runLauncher({ count });
}
