// The launcher of `npm start` with app workers (node:cluster): it runs the embedded realtime
// server and forks the workers that serve the one public port (app-worker.ts), replaces a worker
// that dies, and stops them all on SIGTERM. See workers.ts for the hand-over of realtime sockets.
import cluster, { type Worker } from "node:cluster";
import type { Socket } from "node:net";
import { fail, guardProcess, prepare, readyLine, startEmbeddedRealtime, stopOnSignal } from "./start-up";
import { acceptHandedUpgrade, parseUpgradeMessage, RestartBudget } from "./workers";

export async function runLauncher(options: { count: number }) {
  const { count } = options;
  // The launcher never opens the app's database: it migrates PostgreSQL over a connection of its
  // own before forking, and on PGlite the (one) worker migrates it.
  const env = await prepare({ dev: false, migrateHere: false });
  const realtime = env.REALTIME_EMBEDDED ? await startEmbeddedRealtime(env) : undefined;
  const internalPort = realtime ? (await realtime.listen(0, "127.0.0.1")).port : undefined;
  const workerEnv = internalPort ? { REALTIME_INTERNAL_PORT: String(internalPort) } : {};

  const workers = new Set<Worker>();
  const restarts = new RestartBudget({ max: 5, windowMs: 60_000 });
  let ready = 0;
  let announced = false;
  let isStopping = false;

  const stopWorkers = async () => {
    isStopping = true;
    // Realtime first: clients get 4200 and reconnect to whichever node comes back.
    await realtime?.close();
    const exits = [...workers].map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          worker.once("exit", () => resolve());
          worker.process.kill("SIGTERM");
        }),
    );
    const deadline = setTimeout(() => {
      for (const worker of workers) if (!worker.isDead()) worker.process.kill("SIGKILL");
    }, 10_000);
    await Promise.all(exits);
    clearTimeout(deadline);
  };
  const stopWith = (code: number, line: string) => {
    if (isStopping) return;
    console.error(line);
    void stopWorkers().then(() => process.exit(code));
  };

  const fork = () => {
    const worker = cluster.fork(workerEnv);
    workers.add(worker);
    worker.on("message", (message: unknown, handle: unknown) => {
      if (message === "parley:ready") {
        ready += 1;
        if (ready === count && !announced) {
          announced = true;
          const details = `realtime: ${realtime ? "embedded" : "external"}, ${count} worker${count === 1 ? "" : "s"}`;
          console.log(readyLine(env, false, details));
        }
        return;
      }
      const upgrade = parseUpgradeMessage(message);
      if (!upgrade || !handle) return;
      const socket = handle as Socket;
      if (!realtime) socket.destroy();
      else acceptHandedUpgrade(upgrade, socket, realtime.handleUpgrade);
    });
    worker.on("exit", (code, signal) => {
      workers.delete(worker);
      if (isStopping) return;
      const how = signal ?? `code ${code}`;
      // A worker that cannot start (port taken, broken build) stops the whole launch.
      if (!announced) return stopWith(1, `Parley could not start: an app worker exited (${how}).`);
      if (!restarts.take())
        return stopWith(1, "Parley is stopping: app workers keep exiting (more than 5 in a minute).");
      console.error(`An app worker exited (${how}); starting another.`);
      ready -= 1;
      fork();
    });
  };

  if (count < 1) fail(new Error("No app workers to start."));
  // One worker accepts its own connections; several get them dealt out in turn by the launcher.
  cluster.schedulingPolicy = count === 1 ? cluster.SCHED_NONE : cluster.SCHED_RR;
  for (let i = 0; i < count; i++) fork();
  await guardProcess("launcher");
  stopOnSignal(async () => {
    await stopWorkers();
  });
}
