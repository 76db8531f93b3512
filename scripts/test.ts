// npm test — typecheck, lint, unit/integration tests (Vitest) and end-to-end tests (Playwright),
// in that order; stops at the first failing step and exits non-zero.
// `npm test -- --smoke` runs the end-to-end tests tagged @smoke only (tests/e2e/helpers/tags.ts):
// CI's second pass, on the embedded database, after the whole suite on PostgreSQL.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { loadEnv, appRoot as rootDir } from "@/lib/load-env";

// Test mode: .env.test.local, .env.test, .env (never .env.local); every step inherits the result.
loadEnv("test");
const bin = (name: string) => path.join(rootDir, "node_modules", ".bin", name);
const resultsDir = path.join(rootDir, "test-results");

interface Step {
  name: string;
  command: string;
  args: string[];
}

const smoke = process.argv.slice(2).includes("--smoke");

const steps: Step[] = [
  { name: "prisma client", command: bin("tsx"), args: ["scripts/db-generate.ts"] },
  { name: "typecheck", command: bin("tsc"), args: ["--noEmit"] },
  { name: "lint", command: bin("biome"), args: ["check", "."] },
  {
    name: "unit and integration",
    command: bin("vitest"),
    args: ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${resultsDir}/vitest.json`],
  },
  {
    name: smoke ? "end-to-end (smoke set)" : "end-to-end",
    command: bin("playwright"),
    args: smoke ? ["test", "--grep", "@smoke"] : ["test"],
  },
];

function readCounts(file: string, pick: (json: Record<string, unknown>) => [number, number, number]) {
  try {
    return pick(JSON.parse(fs.readFileSync(file, "utf8")));
  } catch {
    return [0, 0, 0] as [number, number, number];
  }
}

function summary(): string {
  const [vPassed, vFailed, vSkipped] = readCounts(path.join(resultsDir, "vitest.json"), (j) => [
    Number(j.numPassedTests ?? 0),
    Number(j.numFailedTests ?? 0),
    Number(j.numPendingTests ?? 0) + Number(j.numTodoTests ?? 0),
  ]);
  const [ePassed, eFailed, eSkipped] = readCounts(path.join(resultsDir, "e2e.json"), (j) => {
    const stats = (j.stats ?? {}) as Record<string, number>;
    return [(stats.expected ?? 0) + (stats.flaky ?? 0), stats.unexpected ?? 0, stats.skipped ?? 0];
  });
  return `tests: ${vPassed + ePassed} passed, ${vFailed + eFailed} failed, ${vSkipped + eSkipped} skipped`;
}

fs.rmSync(resultsDir, { recursive: true, force: true });
fs.mkdirSync(resultsDir, { recursive: true });
const started = Date.now();
for (const step of steps) {
  const stepStarted = Date.now();
  console.log(`\n▶ ${step.name}`);
  const result = spawnSync(step.command, step.args, {
    cwd: rootDir,
    stdio: "inherit",
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(resultsDir, "e2e.json") },
  });
  const seconds = ((Date.now() - stepStarted) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✖ ${step.name} failed after ${seconds}s`);
    console.log(summary().replace(/(\d+) failed/, (_, n) => `${Math.max(1, Number(n))} failed`));
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${step.name} (${seconds}s)`);
}
console.log(`\nAll steps passed in ${((Date.now() - started) / 1000).toFixed(0)}s`);
console.log(summary());
