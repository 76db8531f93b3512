import { expect, type Page } from "@playwright/test";
import type { TestAccount } from "../helpers/accounts";
import { expectSent, send } from "./composer";
import { article } from "./conversation";
import { startDirect } from "./dialogs";

/**
 * `from` opens a direct conversation with `to` through New message and says `firstMessage`;
 * once it is sent, `to` opens the same conversation and sees it.
 */
export async function openDirect(from: Page, to: Page, toAccount: TestAccount, firstMessage: string) {
  await startDirect(from, toAccount);
  await send(from, firstMessage, { waitUntilSent: false });
  await expectSent(from, firstMessage);
  await to.goto(from.url());
  await expect(article(to, firstMessage)).toBeVisible();
}
