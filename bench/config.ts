import { parseArgs } from "node:util";
import type { FanOutConfig } from "./scenarios/fan-out";
import type { IdleMemoryConfig } from "./scenarios/idle-memory";
import type { LatencyConfig } from "./scenarios/latency";
import { TARGET_NAMES, type TargetName } from "./targets";

export const SCENARIO_NAMES = ["latency", "fan-out", "idle"] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface BenchConfig {
  targets: TargetName[];
  scenarios: ScenarioName[];
  quick: boolean;
  /** Latency and fan-out run this many times per server; the least disturbed round is reported. */
  rounds: number;
  latency: LatencyConfig;
  fanOut: FanOutConfig;
  idle: IdleMemoryConfig;
  /** The whole run is aborted (with the results so far printed) past this. */
  deadlineMs: number;
}

const full = {
  latency: {
    subscribers: 500,
    churnClients: 500,
    publishesPerSecond: 20,
    durationMs: 15_000,
    warmupMs: 2_000,
    drainMs: 5_000,
  },
  fanOut: { subscribers: 1_000, publishes: 500, warmupPublishes: 20, inFlight: 8, drainMs: 20_000 },
  idle: { connections: 10_000, settleMs: 3_000 },
};

const quick = {
  latency: {
    subscribers: 100,
    churnClients: 100,
    publishesPerSecond: 20,
    durationMs: 5_000,
    warmupMs: 1_000,
    drainMs: 3_000,
  },
  fanOut: { subscribers: 200, publishes: 200, warmupPublishes: 10, inFlight: 8, drainMs: 10_000 },
  idle: { connections: 1_000, settleMs: 1_000 },
};

const usage = `usage: npm run bench:realtime -- [--quick] [--only=embedded,soketi,socket.io] [--scenarios=latency,fan-out,idle] [--rounds=1..5]`;

function pick<T extends string>(flag: string, raw: string | undefined, allowed: readonly T[]): T[] {
  if (raw === undefined) return [...allowed];
  const picked = raw
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  for (const name of picked) {
    if (!allowed.includes(name as T))
      throw new Error(`--${flag}: unknown "${name}" (expected ${allowed.join(", ")})\n${usage}`);
  }
  return allowed.filter((name) => picked.includes(name));
}

export function parseBenchArgs(argv: string[]): BenchConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      scenarios: { type: "string" },
      rounds: { type: "string", default: "1" },
    },
    strict: true,
  });
  const preset = values.quick ? quick : full;
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 5) {
    throw new Error(`--rounds: expected a whole number from 1 to 5\n${usage}`);
  }
  return {
    targets: pick("only", values.only, TARGET_NAMES),
    scenarios: pick("scenarios", values.scenarios, SCENARIO_NAMES),
    quick: values.quick ?? false,
    rounds,
    ...preset,
    // One round of the full run takes about 2.5 minutes; extra rounds repeat latency and fan-out only.
    deadlineMs: 5 * 60_000 * rounds,
  };
}
