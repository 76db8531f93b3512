import type { APIRequestContext, Browser, BrowserContext, Page } from "@playwright/test";
import { newAccount, signUp, type TestAccount } from "./accounts";
import { installXssTrap, type XssTrap } from "./xss-trap";

export interface Person {
  context: BrowserContext;
  page: Page;
  request: APIRequestContext;
  id: string;
  account: TestAccount;
  trap: XssTrap;
}

/** A freshly signed-up person in their own browser context, with the XSS trap set before the first page. */
export async function signedUpPerson(browser: Browser, account: TestAccount = newAccount()): Promise<Person> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const trap = await installXssTrap(page);
  await signUp(page, account);
  const session = await (await context.request.get("/api/auth/session")).json();
  return { context, page, request: context.request, id: session.user.id as string, account, trap };
}

/** Runs `task` over `items`, at most `limit` at a time, keeping results in order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
