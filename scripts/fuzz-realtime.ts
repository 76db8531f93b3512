// npm run fuzz:realtime — the realtime fuzz properties of `npm test` (tests/fuzz/realtime.test.ts),
// run long: 100,000 cases against the in-process server and 25,000 against a spawned
// `npm run realtime`. FUZZ_RUNS sets the in-process count, FUZZ_SEED replays a run.
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const runs = process.env.FUZZ_RUNS ?? "100000";
const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
console.log(
  `Realtime fuzz: ${runs} cases in-process (and a quarter as many against a spawned server), seed ${seed}`,
);
const started = Date.now();
const result = spawnSync(
  process.execPath,
  [path.join(root, "node_modules/vitest/vitest.mjs"), "run", "tests/fuzz/realtime.test.ts"],
  { cwd: root, stdio: "inherit", env: { ...process.env, FUZZ_RUNS: runs, FUZZ_SEED: seed } },
);
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
console.log(
  `Realtime fuzz ${result.status === 0 ? "passed" : "FAILED"} in ${minutes} min (FUZZ_SEED=${seed} FUZZ_RUNS=${runs} to replay)`,
);
process.exit(result.status ?? 1);
