// npm run bench:delivery — send → delivered latency through the real app (issue 5).
// Starts a production Parley (scripts/start.ts: the launcher with the embedded realtime server, and
// its app workers, on one port) on a
// fresh PostgreSQL database, signs up people over HTTP, connects one pusher-js client per person,
// then sends messages on an open-loop schedule through POST /api/conversations/{id}/messages and
// times each until `message.created` reaches the other members' clients. Prints a report and
// PASS/FAIL against the targets; exits non-zero only when the run itself broke.
import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { createConversations, signUpMany } from "./delivery/accounts";
import {
  type AppServer,
  buildIfStale,
  serverChoiceFrom,
  serverChoiceOptions,
  startAppServer,
} from "./delivery/app-server";
import { DeliveryLedger, runLoad } from "./delivery/load";
import { connectReceivers, disconnectReceivers, type Receiver } from "./delivery/receivers";
import { targets as deliveryTargets, headline, printReport } from "./delivery/report";
import { type ResourceUsage, startResourceMeter } from "./delivery/resources";
import { killAllServers } from "./processes";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "50" },
    "group-size": { type: "string", default: "2" },
    rate: { type: "string", default: "100" },
    seconds: { type: "string", default: "30" },
    // Long enough for the server's JIT: a fresh server falls behind for its first ~7 s at 100/s
    // on a 2-core box, and a shorter warm-up carries that backlog into the measured window.
    warmup: { type: "string", default: "15" },
    "cpu-prof": { type: "string" },
    dump: { type: "string" },
    realtime: { type: "string", default: "embedded" },
    // App workers (WEB_CONCURRENCY); unset: the launcher's default.
    workers: { type: "string" },
    // Writes the run's headline figures as JSON (bench/compare.ts reads them).
    json: { type: "string" },
    ...serverChoiceOptions,
  },
});
const serverChoice = serverChoiceFrom(values);
const config = {
  users: Number(values.users),
  groupSize: Number(values["group-size"]),
  rate: Number(values.rate),
  seconds: Number(values.seconds),
  warmupSeconds: Number(values.warmup),
  realtime: values.realtime as string,
};
// The PostgreSQL server to create the benchmark's database on (the database is dropped after).
const adminUrl = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

function log(message: string) {
  console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

let app: AppServer | undefined;
let receivers: Receiver[] = [];
// Ctrl-C or a crash must not leave a server holding a port and a database.
process.on("exit", killAllServers);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping`);
    disconnectReceivers(receivers);
    (app?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

try {
  const loadAtStart = os.loadavg();
  await buildIfStale(serverChoice.appDir);
  if (values.realtime !== "embedded" && values.realtime !== "standalone") {
    throw new Error("--realtime is embedded (the default) or standalone");
  }
  app = await startAppServer({
    adminUrl,
    cpuProfileDir: values["cpu-prof"],
    realtime: values.realtime,
    workers: values.workers ? Number(values.workers) : undefined,
    server: serverChoice,
  });
  log(`Signing up ${config.users} people through the sign-up form`);
  const users = await signUpMany(app.baseUrl, config.users);
  const conversations = await createConversations(app.baseUrl, users, config.groupSize);
  log(`Created ${conversations.length} conversations of up to ${config.groupSize}; connecting clients`);
  const ledger = new DeliveryLedger();
  receivers = await connectReceivers({
    baseUrl: app.baseUrl,
    port: app.realtimePort,
    appKey: app.appKey,
    users,
    conversations,
    onArrival: ledger.onArrival,
  });
  log(`Sending ${config.rate}/s: ${config.warmupSeconds} s warm-up, then ${config.seconds} s measured`);
  let meter: Promise<() => Promise<ResourceUsage>> | undefined;
  let resources: Promise<ResourceUsage> | undefined;
  const running = app;
  const loadDuringRun = { start: os.loadavg(), end: os.loadavg() };
  const { failures } = await runLoad({
    baseUrl: app.baseUrl,
    receivers,
    conversations,
    rate: config.rate,
    warmupSeconds: config.warmupSeconds,
    seconds: config.seconds,
    drainMs: 10_000,
    ledger,
    onMeasureStart: () => {
      loadDuringRun.start = os.loadavg();
      meter = startResourceMeter(running.pid, running.databaseUrl, running.realtimePid);
    },
    onMeasureEnd: () => {
      loadDuringRun.end = os.loadavg();
      resources = meter?.then((stop) => stop());
    },
  });
  if (!resources) throw new Error("the measured window never opened");
  const result = ledger.result(deliveryTargets.p99Ms);
  if (values.dump)
    fs.writeFileSync(
      values.dump,
      JSON.stringify({ windowStartedAt: result.windowStartedAt, samples: result.samples }),
    );
  const usage = await resources;
  printReport({
    config: { ...config, workers: app.workers },
    result,
    resources: usage,
    failures,
    load: { beforeRun: loadAtStart, ...loadDuringRun },
  });
  if (values.json) fs.writeFileSync(values.json, JSON.stringify(headline(result, usage)));
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
} finally {
  disconnectReceivers(receivers);
  await app?.stop();
}
