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

export interface SignedUpPeople {
  pages: Page[];
  accounts: TestAccount[];
  /** Closes every context. */
  close(): Promise<void>;
}

export interface SignUpOptions {
  /** Where the contexts point (a Parley of the test's own); the suite's server by default. */
  baseURL?: string;
  /** Runs once the pages exist and before anyone signs up (to route or watch their sockets). */
  beforeSignUp?: (pages: Page[]) => Promise<void>;
}

/** `count` people, each in their own browser context, signed up one after the other. */
export async function signUpPeople(
  browser: Browser,
  count: number,
  { baseURL, beforeSignUp }: SignUpOptions = {},
): Promise<SignedUpPeople> {
  const contexts: BrowserContext[] = [];
  const close = async () => {
    await Promise.all(contexts.map((context) => context.close()));
  };
  try {
    for (let i = 0; i < count; i++) contexts.push(await browser.newContext(baseURL ? { baseURL } : {}));
    const pages = await Promise.all(contexts.map((context) => context.newPage()));
    await beforeSignUp?.(pages);
    const accounts: TestAccount[] = [];
    for (const page of pages) accounts.push(await signUp(page));
    return { pages, accounts, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export interface TwoPeople {
  ana: Page;
  ben: Page;
  anaAccount: TestAccount;
  benAccount: TestAccount;
}

/** Ana and Ben, signed up in two browser contexts; `close` closes both. */
export async function signUpTwoPeople(
  browser: Browser,
  {
    baseURL,
    beforeSignUp,
  }: { baseURL?: string; beforeSignUp?: (ana: Page, ben: Page) => Promise<void> } = {},
): Promise<TwoPeople & { close(): Promise<void> }> {
  const { pages, accounts, close } = await signUpPeople(browser, 2, {
    baseURL,
    beforeSignUp: beforeSignUp && (([ana, ben]) => beforeSignUp(ana as Page, ben as Page)),
  });
  const [ana, ben] = pages as [Page, Page];
  const [anaAccount, benAccount] = accounts as [TestAccount, TestAccount];
  return { ana, ben, anaAccount, benAccount, close };
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
