import { test } from "@playwright/test";
import { expectStillWorks, preparePeople } from "../fuzz/fuzz-setup";
import { fuzzSeed, runRouteFuzz } from "../fuzz/route-fuzz";
import { SMOKE } from "./helpers/tags";

// Random and mutated requests to every route handler (found in app/api/**/route.ts), every page
// and the realtime REST API on the app's port, signed out and signed in as a real person. Every
// answer must be below 500 (or 503), and the app must still work afterwards. The seed is printed;
// FUZZ_SEED=<seed> reproduces a failure, FUZZ_RUNS scales the count (npm run fuzz:routes runs
// many more against a running app).

test(
  "hostile requests to every route get a 4xx and leave the app working",
  SMOKE,
  async ({ browser, baseURL }) => {
    test.setTimeout(240_000);
    const people = await preparePeople(browser, baseURL as string);
    try {
      const seed = fuzzSeed();
      test.info().annotations.push({ type: "FUZZ_SEED", description: String(seed) });
      const result = await runRouteFuzz(people.target, {
        seed,
        runs: Number(process.env.FUZZ_RUNS ?? 2_000),
        batch: 4,
      });
      console.log(`route fuzz: ${result.runs} cases, answers by status ${JSON.stringify(result.statuses)}`);
      await expectStillWorks(people);
    } finally {
      await people.close();
    }
  },
);
