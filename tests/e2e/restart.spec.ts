import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { escapeRegExp, signIn, signUp } from "./helpers/accounts";
import { freePort, startParley, tempDataDir } from "./helpers/server";
import { SMOKE } from "./helpers/tags";

test(
  "the embedded database keeps accounts across a restart, and shutdown is clean",
  SMOKE,
  async ({ browser }) => {
    test.setTimeout(180_000);
    const dataDir = tempDataDir();
    const port = await freePort();
    try {
      const first = await startParley({ port, dataDir });
      const before = await browser.newContext({ baseURL: first.baseURL });
      const account = await signUp(await before.newPage());
      await before.close();
      expect(await first.stop(), first.output()).toBe(0);

      const second = await startParley({ port, dataDir });
      const after = await browser.newContext({ baseURL: second.baseURL });
      const page = await after.newPage();
      await signIn(page, account.username, account.password);
      await expect(page).toHaveURL(`${second.baseURL}/`);
      await expect(
        page.getByRole("button", { name: new RegExp(escapeRegExp(account.displayName)) }),
      ).toBeVisible();
      await after.close();
      expect(await second.stop(), second.output()).toBe(0);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
);
