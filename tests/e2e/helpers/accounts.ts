import { randomBytes, randomInt } from "node:crypto";
import { expect, type Page } from "@playwright/test";

export interface TestAccount {
  email: string;
  username: string;
  displayName: string;
  password: string;
}

/** Fresh, valid sign-up details; unique per call so tests never collide on a shared server. */
export function newAccount(label = "user"): TestAccount {
  const id = randomBytes(5).toString("hex");
  const stem =
    label
      .toLowerCase()
      .replace(/[^a-z0-9_]/g, "")
      .slice(0, 20) || "user";
  return {
    email: `${stem}.${id}@example.test`,
    username: `${stem}_${id}`,
    displayName: `${label.charAt(0).toUpperCase()}${label.slice(1)} ${id.slice(0, 4)}`,
    password: `plum harbour lantern ${id}`,
  };
}

/**
 * Makes the page look like its own visitor to the app's per-address limits (the e2e server
 * trusts loopback as its proxy, so x-forwarded-for names the client; see playwright.config.ts).
 * Without it every test would share one address's budget and an unrelated spec could lock the
 * rest of the suite out.
 */
export async function actAsNewVisitor(page: Page): Promise<string> {
  const ip = `198.18.${randomInt(0, 256)}.${randomInt(1, 255)}`;
  await page.setExtraHTTPHeaders({ "x-forwarded-for": ip });
  return ip;
}

/** Creates an account through the sign-up page and waits until the app has signed it in. */
export async function signUp(page: Page, account: TestAccount = newAccount()): Promise<TestAccount> {
  await actAsNewVisitor(page);
  await page.goto("/sign-up");
  await page.getByRole("textbox", { name: "Email" }).fill(account.email);
  await page.getByRole("textbox", { name: "Username" }).fill(account.username);
  await page.getByRole("textbox", { name: "Display name" }).fill(account.displayName);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  return account;
}

/** Signs in through the sign-in page (with the email, the username, or anything typed). */
export async function signIn(page: Page, identifier: string, password: string): Promise<void> {
  if (!new URL(page.url(), "http://x").pathname.startsWith("/sign-in")) await page.goto("/sign-in");
  await page.getByRole("textbox", { name: "Email or username" }).fill(identifier);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Opens the user menu in the sidebar (desktop layout) and signs out. */
export async function signOut(page: Page, account: TestAccount): Promise<void> {
  await page.getByRole("button", { name: new RegExp(escapeRegExp(account.displayName)) }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in(\?|$)/);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
