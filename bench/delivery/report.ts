import os from "node:os";
import type { LatencySummary } from "../stats";
import type { LoadResult } from "./load";
import type { ResourceUsage } from "./resources";

// The report on stdout, in markdown, with the verdict against issue 5's targets.

export const targets = { p50Ms: 15, p99Ms: 50 };

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : "—");
const loads = (values: number[]) => values.map((value) => value.toFixed(2)).join(" / ");
const cores = (value: number) => `${value.toFixed(2)} cores`;

function latencyRow(name: string, summary: LatencySummary): string {
  const { count, p50, p95, p99, max } = summary;
  return `| ${name} | ${count} | ${ms(p50)} | ${ms(p95)} | ${ms(p99)} | ${ms(max)} |`;
}

/** A run's figures in a few numbers, for comparing runs (bench/compare.ts). */
export function headline(result: LoadResult, resources: ResourceUsage) {
  const acceptedRate = (result.measuredAccepted / Math.max(1, result.measuredWindowMs)) * 1000;
  return {
    p50: result.delivery.p50,
    p95: result.delivery.p95,
    p99: result.delivery.p99,
    max: result.delivery.max,
    cpuPerSendMs: acceptedRate > 0 ? (resources.server * 1000) / acceptedRate : null,
    postgresCores: resources.postgres,
    rssPeakMib: resources.rssPeakMib,
    accepted: result.measuredAccepted,
    lost: result.lost,
    duplicated: result.duplicated,
    failedSends: result.failedSends,
    misdelivered: result.unexpected,
  };
}

export function printReport({
  config,
  result,
  resources,
  failures,
  load,
}: {
  config: {
    users: number;
    groupSize: number;
    rate: number;
    seconds: number;
    warmupSeconds: number;
    realtime: string;
    /** App workers the launcher reported. */
    workers: number;
  };
  result: LoadResult;
  resources: ResourceUsage;
  failures: string[];
  load: { beforeRun: number[]; start: number[]; end: number[] };
}): void {
  const { delivery } = result;
  const checks = [
    { name: `p50 ≤ ${targets.p50Ms} ms`, ok: delivery.p50 <= targets.p50Ms, value: ms(delivery.p50) },
    { name: `p99 ≤ ${targets.p99Ms} ms`, ok: delivery.p99 <= targets.p99Ms, value: ms(delivery.p99) },
    { name: "0 lost", ok: result.lost === 0, value: String(result.lost) },
    { name: "0 duplicated", ok: result.duplicated === 0, value: String(result.duplicated) },
    { name: "0 failed sends", ok: result.failedSends === 0, value: String(result.failedSends) },
    { name: "0 misdelivered", ok: result.unexpected === 0, value: String(result.unexpected) },
  ];
  const layout =
    config.groupSize === 2
      ? `${Math.floor(config.users / 2)} direct conversations`
      : `groups of ${config.groupSize}`;
  const others = Math.max(
    0,
    resources.machine -
      resources.server -
      resources.loadGenerator -
      resources.postgres -
      (resources.realtime ?? 0),
  );
  // CPU-seconds over the window, spread over the sends the server completed in it.
  const acceptedRate = (result.measuredAccepted / Math.max(1, result.measuredWindowMs)) * 1000;
  const cpuPerAccepted =
    acceptedRate > 0 ? `${((resources.server * 1000) / acceptedRate).toFixed(1)} ms` : "—";
  const lines = [
    `## Send → delivered (${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC)`,
    "",
    `${config.users} people in ${layout}; ${config.rate} messages/s open loop, ${config.warmupSeconds} s warm-up + ${config.seconds} s measured; ${config.workers} app worker${config.workers === 1 ? "" : "s"}, realtime server ${config.realtime === "standalone" ? "in a process of its own" : "embedded in the launcher process"}.`,
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "?"}, Node ${process.version}. Load average (1/5/15 min) before: ${loads(load.beforeRun)}; window start: ${loads(load.start)}; end: ${loads(load.end)}.`,
    "",
    "| measured sends | count | p50 | p95 | p99 | max |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    latencyRow("request start → message.created at another member", delivery),
    latencyRow("request start → HTTP 201 at the sender", result.response),
    latencyRow("send start behind schedule (generator lag)", result.scheduleLag),
    "",
    `Sends: ${result.sends} (${result.measuredSends} measured, ${result.achievedRate.toFixed(1)}/s started, ${acceptedRate.toFixed(1)}/s accepted), ${result.failedSends} failed.`,
    `Deliveries expected ${result.expectedDeliveries}: lost ${result.lost}, duplicated ${result.duplicated}, misdelivered ${result.unexpected}; sidebar events received ${result.sidebarEvents}.`,
    `CPU over the measured window: server ${cores(resources.server)} (${cpuPerAccepted} per accepted send; the launcher ${cores(resources.launcher)} of it), its PostgreSQL backends ${cores(resources.postgres)}, ${resources.realtime !== undefined ? `standalone realtime server ${cores(resources.realtime)}, ` : ""}load generator ${cores(resources.loadGenerator)}, other processes ${cores(others)} (machine ${cores(resources.machine)} of ${os.cpus().length}).`,
    `Server RSS (launcher and workers): ${resources.rssStartMib.toFixed(0)} MiB at the window's start, peak ${resources.rssPeakMib.toFixed(0)} MiB, ${resources.rssEndMib.toFixed(0)} MiB at its end.`,
    slowLine(result, targets.p99Ms),
    ...(failures.length > 0 ? [`First failure: ${failures[0]}`] : []),
    "",
    `| target | value | |`,
    `| --- | ---: | --- |`,
    ...checks.map((check) => `| ${check.name} | ${check.value} | ${check.ok ? "PASS" : "FAIL"} |`),
    "",
    `**${checks.every((check) => check.ok) ? "PASS" : "FAIL"}**`,
  ];
  console.log(lines.join("\n"));
}

/** Where the slow deliveries were: a few long bursts mean pauses, many short ones a slow path. */
function slowLine(result: LoadResult, thresholdMs: number): string {
  const bursts = result.slowBursts;
  if (bursts.length === 0) return `Deliveries over ${thresholdMs} ms: none.`;
  const slow = bursts.reduce((sum, burst) => sum + burst.deliveries, 0);
  const worst = [...bursts].sort((a, b) => b.deliveries - a.deliveries).slice(0, 6);
  const listed = worst
    .sort((a, b) => a.atSeconds - b.atSeconds)
    .map((burst) => `${burst.atSeconds.toFixed(1)} s (${burst.deliveries}, worst ${ms(burst.worstMs)})`)
    .join(", ");
  return `Deliveries over ${thresholdMs} ms: ${slow} in ${bursts.length} burst${bursts.length === 1 ? "" : "s"}; the largest at ${listed}.`;
}
