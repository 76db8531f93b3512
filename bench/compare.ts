// npm run bench:compare — bench:delivery and bench:request-cost for several servers, taking turns
// in each round (the order rotates), so a slow spell of this shared machine falls on all of them.
// Prints the median and range of each figure per server and the median's change against the
// first server.
//
//   npm run bench:compare -- --rounds=3 \
//     --variant "before=--app-dir=../parley-before" \
//     --variant "workers=" --variant "single=--layout=single" \
//     --variant "single, no coalescing=--layout=single --coalesce=false"
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    variant: { type: "string", multiple: true },
    rounds: { type: "string", default: "3" },
    // Passed to every bench:delivery run, e.g. "--seconds=20".
    "delivery-args": { type: "string", default: "" },
    "skip-request-cost": { type: "boolean", default: false },
  },
});
const variants = (values.variant ?? []).map((spec) => {
  const at = spec.indexOf("=");
  if (at < 1) throw new Error(`--variant "name=args", got "${spec}"`);
  return {
    name: spec.slice(0, at),
    args: spec
      .slice(at + 1)
      .split(" ")
      .filter(Boolean),
  };
});
if (variants.length < 2) throw new Error("give at least two --variant");
const rounds = Number(values.rounds);
const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "parley-compare-"));

function log(message: string) {
  console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

function runBench(script: string, args: string[], jsonFile: string): Promise<Record<string, unknown> | null> {
  return new Promise((resolve) => {
    const child = spawn(tsx, [script, ...args, `--json=${jsonFile}`], {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.on("exit", () => {
      try {
        resolve(JSON.parse(fs.readFileSync(jsonFile, "utf8")));
      } catch {
        resolve(null);
      }
    });
  });
}

type Figures = Record<string, number>;
const results = new Map<string, Figures[]>(variants.map((v) => [v.name, []]));

for (let round = 0; round < rounds; round++) {
  const order = variants.map((_, i) => variants[(i + round) % variants.length] as (typeof variants)[number]);
  for (const variant of order) {
    log(`round ${round + 1}/${rounds}: ${variant.name}`);
    const figures: Figures = {};
    const deliveryArgs = [...variant.args, ...values["delivery-args"].split(" ").filter(Boolean)];
    const delivery = await runBench("bench/delivery.ts", deliveryArgs, path.join(scratch, "d.json"));
    if (delivery) {
      for (const key of ["p50", "p99", "cpuPerSendMs", "rssPeakMib"]) figures[key] = Number(delivery[key]);
      const broken = ["lost", "duplicated", "failedSends", "misdelivered"].reduce(
        (sum, key) => sum + Number(delivery[key]),
        0,
      );
      figures.broken = broken;
    }
    if (!values["skip-request-cost"]) {
      const cost = await runBench("bench/request-cost.ts", variant.args, path.join(scratch, "c.json"));
      for (const [name, value] of Object.entries(cost ?? {}))
        figures[`cpu: ${name}`] = (value as { cpuMs: number }).cpuMs;
    }
    results.get(variant.name)?.push(figures);
    log(`  ${JSON.stringify(figures)}`);
  }
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const keys = [...new Set([...results.values()].flatMap((runs) => runs.flatMap((r) => Object.keys(r))))];
const units: Record<string, string> = {
  p50: "ms",
  p99: "ms",
  cpuPerSendMs: "ms",
  rssPeakMib: "MiB",
  broken: "",
};
const label: Record<string, string> = {
  p50: "delivery p50",
  p99: "delivery p99",
  cpuPerSendMs: "server CPU per send",
  rssPeakMib: "server RSS peak",
  broken: "lost + duplicated + failed + misdelivered",
};
const baseline = variants[0]?.name as string;
const lines = [
  `## ${variants.map((v) => v.name).join(" vs ")} (${rounds} rounds, taking turns; median [min–max], change of the median against ${baseline})`,
  "",
  `| figure | ${variants.map((v) => v.name).join(" | ")} |`,
  `| --- | ${variants.map(() => "---:").join(" | ")} |`,
];
for (const key of keys) {
  const base = median(
    (results.get(baseline) ?? []).map((r) => r[key]).filter((x) => x !== undefined) as number[],
  );
  const cells = variants.map(({ name }) => {
    const xs = (results.get(name) ?? [])
      .map((r) => r[key])
      .filter((x) => x !== undefined && !Number.isNaN(x)) as number[];
    if (xs.length === 0) return "—";
    const m = median(xs);
    const unit = units[key] ?? "ms";
    const range = xs.length > 1 ? ` [${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}]` : "";
    const change =
      name === baseline || base === 0 || key === "broken"
        ? ""
        : ` (${m >= base ? "+" : ""}${(((m - base) / base) * 100).toFixed(0)} %)`;
    return `${m.toFixed(key === "broken" ? 0 : 2)}${unit ? ` ${unit}` : ""}${range}${change}`;
  });
  lines.push(`| ${label[key] ?? `${key} (CPU ms)`} | ${cells.join(" | ")} |`);
}
console.log(lines.join("\n"));
fs.rmSync(scratch, { recursive: true, force: true });
