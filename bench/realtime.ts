// Realtime benchmark: Parley's embedded server vs soketi vs a plain Socket.IO server.
// Each server runs in its own child process; this process is the load generator.
import os from "node:os";
import { type BenchConfig, parseBenchArgs, type ScenarioName } from "./config";
import type { CpuUsage } from "./cpu";
import { killAllServers } from "./processes";
import {
  disturbances,
  lessDisturbed,
  otherProcessesCpu,
  type Results,
  resultsTable,
  verdictTable,
} from "./report";
import { runFanOut } from "./scenarios/fan-out";
import { runIdleMemory } from "./scenarios/idle-memory";
import { runLatency } from "./scenarios/latency";
import { type RunningTarget, startTarget, type TargetName } from "./targets";

const results: Results = {};
const loadAtStart = os
  .loadavg()
  .map((load) => load.toFixed(2))
  .join(", ");

function log(message: string) {
  console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

async function runScenario(target: RunningTarget, scenario: ScenarioName, config: BenchConfig) {
  if (scenario === "latency") {
    const result = await runLatency(target, config.latency);
    const { latency, lost, duplicated } = result;
    log(
      `  latency avg ${latency.avg.toFixed(2)} ms, p95 ${latency.p95.toFixed(2)} ms, lost ${lost}, dup ${duplicated}, ${othersNote(result.cpu)}`,
    );
    return { latency: result };
  }
  if (scenario === "fan-out") {
    const result = await runFanOut(target, config.fanOut);
    log(
      `  fan-out ${Math.round(result.deliveriesPerSecond)} deliveries/s, lost ${result.lost}, ${othersNote(result.cpu)}`,
    );
    return { fanOut: result };
  }
  const result = await runIdleMemory(target, config.idle);
  const { kibPerSocket, connected, connectFailures, firstError } = result;
  log(
    `  idle ${kibPerSocket.toFixed(2)} KB/socket over ${connected} sockets (${connectFailures} failed${firstError ? `: ${firstError}` : ""})`,
  );
  return { idle: result };
}

function othersNote(cpu: CpuUsage): string {
  return `other processes ${otherProcessesCpu(cpu).toFixed(2)} cores`;
}

type ScenarioResult = Awaited<ReturnType<typeof runScenario>>;

/**
 * A fresh server process per scenario and round, so one scenario's garbage never weighs on the
 * next. Servers take turns within each round so a burst of unrelated load on the machine is spread
 * across them rather than hitting one.
 */
async function benchScenario(scenario: ScenarioName, config: BenchConfig) {
  const best = new Map<TargetName, ScenarioResult>();
  const rounds = scenario === "idle" ? 1 : config.rounds;
  for (let round = 1; round <= rounds; round++) {
    for (const name of config.targets) {
      const into = results[name] ?? { errors: [] };
      results[name] = into;
      log(`${name}: ${scenario}${rounds > 1 ? ` (round ${round} of ${rounds})` : ""}`);
      let target: RunningTarget | undefined;
      try {
        target = await startTarget(name);
        const chosen = lessDisturbed(best.get(name), await runScenario(target, scenario, config));
        best.set(name, chosen);
        Object.assign(into, chosen);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        into.errors.push(`${scenario}: ${message}`);
        log(`  ${name} ${scenario} failed: ${message}`);
      } finally {
        await target?.stop();
      }
    }
  }
}

function printReport(config: BenchConfig) {
  const parts = [
    `## Realtime benchmark (${config.quick ? "quick" : "full"} run, ${new Date().toISOString()})`,
    "",
    describe(config),
    `- machine: ${os.cpus().length} cores, load average ${loadAtStart} at start (other work on the box skews latency)`,
    "",
    resultsTable(results),
    "",
    "Ratios are embedded ÷ other: below 1× is better for latency and memory, above 1× for throughput.",
    "",
    verdictTable(results),
  ];
  const disturbed = disturbances(results);
  if (disturbed.length > 0) {
    parts.push("", "Warning: the machine was busy with other work; compare these figures with care:");
    parts.push(...disturbed.map((note) => `- ${note}`));
  }
  const errors = Object.entries(results).flatMap(([name, r]) => r.errors.map((e) => `- ${name} ${e}`));
  if (errors.length > 0) parts.push("", "Errors:", ...errors);
  console.log(parts.join("\n"));
}

function describe({ latency, fanOut, idle, rounds }: BenchConfig): string {
  return [
    ...(rounds > 1
      ? [`- latency and fan-out ran ${rounds} rounds per server; each shows its least disturbed round`]
      : []),
    `- latency: ${latency.subscribers} subscribers + ${latency.churnClients} churning clients, ${latency.publishesPerSecond} publishes/s for ${latency.durationMs / 1_000} s`,
    `- fan-out: ${fanOut.publishes} publishes (${fanOut.inFlight} in flight) to one channel with ${fanOut.subscribers} subscribers`,
    `- idle: ${idle.connections} connections, each subscribed to one public channel`,
  ].join("\n");
}

async function main() {
  const config = parseBenchArgs(process.argv.slice(2));
  const deadline = setTimeout(() => {
    log(`run exceeded ${config.deadlineMs / 1_000} s; printing what was measured and stopping`);
    printReport(config);
    killAllServers();
    process.exit(1);
  }, config.deadlineMs);
  deadline.unref();
  for (const scenario of config.scenarios) await benchScenario(scenario, config);
  clearTimeout(deadline);
  printReport(config);
  const failed = Object.values(results).some((r) => r.errors.length > 0);
  // Performance misses are information; only a harness failure (a server that broke) fails the run.
  process.exit(failed ? 1 : 0);
}

process.on("exit", killAllServers);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping servers`);
    killAllServers();
    process.exit(130);
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  killAllServers();
  process.exit(1);
});
