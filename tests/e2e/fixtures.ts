import { test as base } from "@playwright/test";
import { signUpTwoPeople, type TwoPeople } from "./helpers/people";

export { expect } from "@playwright/test";

/**
 * The suite's `test` with `twoPeople`: Ana and Ben, each signed up in a browser context of their
 * own, closed after the test. Signing up runs on a timeout of its own, so a test's
 * `test.setTimeout` still gives its steps the time they had.
 */
export const test = base.extend<{ twoPeople: TwoPeople }>({
  twoPeople: [
    async ({ browser }, use) => {
      const { close, ...people } = await signUpTwoPeople(browser);
      try {
        await use(people);
      } finally {
        await close();
      }
    },
    { timeout: 60_000 },
  ],
});
