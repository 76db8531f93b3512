import type { CpuUsage } from "./cpu";
import type { FanOutResult } from "./scenarios/fan-out";
import type { IdleMemoryResult } from "./scenarios/idle-memory";
import type { LatencyResult } from "./scenarios/latency";
import type { TargetName } from "./targets";

export interface TargetResults {
  latency?: LatencyResult;
  fanOut?: FanOutResult;
  idle?: IdleMemoryResult;
  errors: string[];
}

export type Results = Partial<Record<TargetName, TargetResults>>;

interface Row {
  label: string;
  value: (results: TargetResults) => number | undefined;
  digits: number;
}

const rows: Row[] = [
  { label: "latency avg (ms)", value: (r) => r.latency?.latency.avg, digits: 2 },
  { label: "latency p50 (ms)", value: (r) => r.latency?.latency.p50, digits: 2 },
  { label: "latency p95 (ms)", value: (r) => r.latency?.latency.p95, digits: 2 },
  { label: "latency p99 (ms)", value: (r) => r.latency?.latency.p99, digits: 2 },
  { label: "latency max (ms)", value: (r) => r.latency?.latency.max, digits: 1 },
  { label: "latency deliveries", value: (r) => r.latency?.latency.count, digits: 0 },
  { label: "latency lost", value: (r) => r.latency?.lost, digits: 0 },
  { label: "latency duplicated", value: (r) => r.latency?.duplicated, digits: 0 },
  { label: "latency publish errors", value: (r) => r.latency?.publishErrors, digits: 0 },
  { label: "churn connect/leave cycles", value: (r) => r.latency?.churnCycles, digits: 0 },
  { label: "latency server CPU (cores)", value: (r) => r.latency?.cpu.server, digits: 2 },
  { label: "latency load generator CPU (cores)", value: (r) => r.latency?.cpu.loadGenerator, digits: 2 },
  { label: "latency machine CPU, all processes (cores)", value: (r) => r.latency?.cpu.machine, digits: 2 },
  { label: "fan-out deliveries/s", value: (r) => r.fanOut?.deliveriesPerSecond, digits: 0 },
  { label: "fan-out publishes/s (acked)", value: (r) => r.fanOut?.publishesPerSecond, digits: 0 },
  { label: "fan-out latency p95 (ms)", value: (r) => r.fanOut?.latency.p95, digits: 1 },
  { label: "fan-out server CPU (cores)", value: (r) => r.fanOut?.cpu.server, digits: 2 },
  { label: "fan-out load generator CPU (cores)", value: (r) => r.fanOut?.cpu.loadGenerator, digits: 2 },
  { label: "fan-out machine CPU, all processes (cores)", value: (r) => r.fanOut?.cpu.machine, digits: 2 },
  { label: "fan-out lost", value: (r) => r.fanOut?.lost, digits: 0 },
  { label: "fan-out duplicated", value: (r) => r.fanOut?.duplicated, digits: 0 },
  { label: "idle KB per socket", value: (r) => r.idle?.kibPerSocket, digits: 2 },
  { label: "idle RSS before (MB)", value: (r) => mib(r.idle?.rssBeforeKib), digits: 1 },
  { label: "idle RSS after (MB)", value: (r) => mib(r.idle?.rssAfterKib), digits: 1 },
  { label: "idle sockets connected", value: (r) => r.idle?.connected, digits: 0 },
  { label: "idle connect time (s)", value: (r) => r.idle?.connectSeconds, digits: 1 },
];

const mib = (kib: number | undefined) => (kib === undefined ? undefined : kib / 1024);

function format(value: number | undefined, digits: number): string {
  if (value === undefined || Number.isNaN(value)) return "–";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function ratio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || Number.isNaN(a) || Number.isNaN(b) || b === 0) return "–";
  return `${(a / b).toFixed(2)}×`;
}

/** Markdown table: one column per server, then embedded ÷ soketi and embedded ÷ Socket.IO. */
export function resultsTable(results: Results): string {
  const names = (["embedded", "soketi", "socket.io"] as const).filter((name) => results[name]);
  const header = ["metric", ...names, "embedded ÷ soketi", "embedded ÷ socket.io"];
  const lines = [
    `| ${header.join(" | ")} |`,
    `|${header.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`,
  ];
  for (const row of rows) {
    const values = names.map((name) => row.value(results[name] as TargetResults));
    if (values.every((value) => value === undefined)) continue;
    const of = (name: TargetName) => {
      const target = results[name];
      return target ? row.value(target) : undefined;
    };
    lines.push(
      `| ${[
        row.label,
        ...values.map((value) => format(value, row.digits)),
        ratio(of("embedded"), of("soketi")),
        ratio(of("embedded"), of("socket.io")),
      ].join(" | ")} |`,
    );
  }
  return lines.join("\n");
}

type Verdict = "PASS" | "FAIL" | "n/a";

/** The targets the embedded server is held to; informational, never an exit status. */
export function targetVerdicts(results: Results): { target: string; verdict: Verdict; detail: string }[] {
  const embedded = results.embedded;
  const soketi = results.soketi;
  const socketIo = results["socket.io"];
  const check = (
    target: string,
    a: number | undefined,
    b: number | undefined,
    ok: (a: number, b: number) => boolean,
  ) => {
    if (a === undefined || b === undefined || Number.isNaN(a) || Number.isNaN(b)) {
      return { target, verdict: "n/a" as Verdict, detail: "not measured" };
    }
    const shown = (value: number) => Number(value.toFixed(Math.abs(value) >= 100 ? 0 : 2));
    return {
      target,
      verdict: (ok(a, b) ? "PASS" : "FAIL") as Verdict,
      detail: `${shown(a)} vs ${shown(b)}`,
    };
  };
  const lostAndDuplicated = (r: TargetResults | undefined) =>
    r?.latency && r.fanOut
      ? r.latency.lost + r.latency.duplicated + r.fanOut.lost + r.fanOut.duplicated
      : undefined;
  return [
    check(
      "latency p95 ≤ soketi",
      embedded?.latency?.latency.p95,
      soketi?.latency?.latency.p95,
      (a, b) => a <= b,
    ),
    check(
      "latency avg ≤ soketi",
      embedded?.latency?.latency.avg,
      soketi?.latency?.latency.avg,
      (a, b) => a <= b,
    ),
    check(
      "fan-out ≥ 0.7 × soketi",
      embedded?.fanOut?.deliveriesPerSecond,
      soketi?.fanOut?.deliveriesPerSecond,
      (a, b) => a >= 0.7 * b,
    ),
    check(
      "fan-out ≥ socket.io",
      embedded?.fanOut?.deliveriesPerSecond,
      socketIo?.fanOut?.deliveriesPerSecond,
      (a, b) => a >= b,
    ),
    check("idle ≤ 10 KB per socket", embedded?.idle?.kibPerSocket, 10, (a, b) => a <= b),
    check("0 lost, 0 duplicated", lostAndDuplicated(embedded), 0, (a, b) => a === b),
  ];
}

export function verdictTable(results: Results): string {
  const lines = ["| target (embedded) | verdict | measured |", "|---|---|---|"];
  for (const { target, verdict, detail } of targetVerdicts(results))
    lines.push(`| ${target} | ${verdict} | ${detail} |`);
  return lines.join("\n");
}

/** Cores used by everything but the server and the load generator during a measurement. */
export function otherProcessesCpu(cpu: CpuUsage): number {
  return Math.max(0, cpu.machine - cpu.server - cpu.loadGenerator);
}

/** CPU (in cores) used by processes other than the server and the load generator, above which a run is suspect. */
const DISTURBANCE_CORES = 0.3;

/**
 * Names the measurements during which other processes used noticeable CPU: on a 2-core box a
 * busy neighbour moves latency far more than any difference between the servers.
 */
export function disturbances(results: Results): string[] {
  const notes: string[] = [];
  for (const [name, r] of Object.entries(results)) {
    for (const [scenario, cpu] of [
      ["latency", r.latency?.cpu],
      ["fan-out", r.fanOut?.cpu],
    ] as const) {
      if (!cpu) continue;
      const others = otherProcessesCpu(cpu);
      if (others > DISTURBANCE_CORES) {
        notes.push(`${name} ${scenario}: other processes used ${others.toFixed(2)} cores of 2`);
      }
    }
  }
  return notes;
}

type Measured = Pick<TargetResults, "latency" | "fanOut" | "idle">;

/** Keeps the round during which other processes took the least CPU: neighbours, not servers, cause most noise. */
export function lessDisturbed<T extends Measured>(current: T | undefined, next: T): T {
  const othersDuring = (result: T) => {
    const cpu = result.latency?.cpu ?? result.fanOut?.cpu;
    return cpu ? otherProcessesCpu(cpu) : 0;
  };
  return current && othersDuring(current) <= othersDuring(next) ? current : next;
}
