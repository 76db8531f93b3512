// npm run fuzz:routes — the long route fuzz run against a running Parley (FUZZ_BASE_URL, default
// http://localhost:3000): FUZZ_RUNS cases (default 50,000), seeded by FUZZ_SEED. It signs up two
// accounts through the sign-up page (in Chromium) so fuzzed requests carry a real session.
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "../tests/e2e/browser";
import { expectStillWorks, preparePeople } from "../tests/fuzz/fuzz-setup";
import { fuzzSeed, runRouteFuzz } from "../tests/fuzz/route-fuzz";

const baseURL = process.env.FUZZ_BASE_URL ?? "http://localhost:3000";
const runs = Number(process.env.FUZZ_RUNS ?? 50_000);
const seed = fuzzSeed();

const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
const people = await preparePeople(browser, baseURL);
const started = Date.now();
try {
  const result = await runRouteFuzz(people.target, { seed, runs, batch: 8 });
  await expectStillWorks(people);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`route fuzz passed: ${result.runs} cases in ${seconds} s (seed ${seed})`);
  console.log(`answers by status: ${JSON.stringify(result.statuses)}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  console.error(`route fuzz FAILED (reproduce with FUZZ_SEED=${seed} FUZZ_RUNS=${runs})`);
  process.exitCode = 1;
} finally {
  await people.close();
  await browser.close();
}
