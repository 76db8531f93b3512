import { expect, type Page, test } from "@playwright/test";
import { actAsNewVisitor, escapeRegExp, newAccount, signIn, signOut, signUp } from "./helpers/accounts";
import { SMOKE } from "./helpers/tags";

const GENERIC_REFUSAL = "Incorrect email, username or password.";

// The sign-in form's own live region (Next.js adds a second, page-wide one for route changes).
const formAlert = (page: Page) => page.getByRole("form", { name: "Sign in" }).getByRole("alert");

test(
  "sign up, sign out, sign in by username, and edit the profile others see",
  SMOKE,
  async ({ page, browser }) => {
    const account = await signUp(page, newAccount("ada"));
    const userMenu = page.getByRole("button", { name: new RegExp(escapeRegExp(account.displayName)) });
    await expect(userMenu).toBeVisible();
    await expect(userMenu).toContainText(`@${account.username}`);

    await signOut(page, account);
    await signIn(page, account.username.toUpperCase(), account.password);
    await page.waitForURL((url) => url.pathname === "/");

    await page.goto("/settings");
    await page.getByRole("link", { name: "Profile" }).click();
    await expect(page.getByRole("heading", { name: "Profile", level: 1 })).toBeVisible();
    const newName = `Countess ${account.username.slice(-4)}`;
    await page.getByRole("textbox", { name: "Display name" }).fill(newName);
    await page.getByRole("textbox", { name: "Bio" }).fill("Wrote the first program.");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("form", { name: "Profile" }).getByRole("status")).toHaveText(
      "Profile saved.",
    );
    await expect(page.getByRole("button", { name: new RegExp(escapeRegExp(newName)) })).toBeVisible();

    // Another browser, signed in as the same person, sees the new name and bio.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await actAsNewVisitor(otherPage);
    await signIn(otherPage, account.email.toUpperCase(), account.password);
    await otherPage.waitForURL((url) => url.pathname === "/");
    await expect(otherPage.getByRole("button", { name: new RegExp(escapeRegExp(newName)) })).toBeVisible();
    await otherPage.goto("/settings/profile");
    await expect(otherPage.getByRole("textbox", { name: "Bio" })).toHaveValue("Wrote the first program.");
    await other.close();
  },
);

test("sign-up refuses taken names and weak passwords beside the field", async ({ page, browser }) => {
  const taken = await signUp(page, newAccount("taken"));
  const context = await browser.newContext();
  const visitor = await context.newPage();
  await actAsNewVisitor(visitor);
  await visitor.goto("/sign-up");
  const fresh = newAccount("fresh");
  await visitor.getByRole("textbox", { name: "Email" }).fill(fresh.email);
  await visitor.getByRole("textbox", { name: "Username" }).fill(taken.username.toUpperCase());
  await visitor.getByRole("textbox", { name: "Display name" }).fill(fresh.displayName);
  await visitor.getByLabel("Password", { exact: true }).fill("short");
  await visitor.getByRole("button", { name: "Create account" }).click();
  const password = visitor.getByLabel("Password", { exact: true });
  await expect(password).toHaveAccessibleDescription(/at least 10 characters/i);
  await expect(password).toHaveAttribute("aria-invalid", "true");

  await password.fill("password1234");
  await visitor.getByRole("button", { name: "Create account" }).click();
  await expect(visitor.getByRole("textbox", { name: "Username" })).toHaveAccessibleDescription(
    "This username is taken.",
  );
  await expect(password).toHaveAccessibleDescription(/too common/);
  await expect(visitor).toHaveURL(/\/sign-up$/);
  // What was typed is kept.
  await expect(visitor.getByRole("textbox", { name: "Email" })).toHaveValue(fresh.email);
  await context.close();
});

test("a wrong password and an unknown account get the same answer", async ({ page, browser }) => {
  const account = await signUp(page, newAccount("grace"));
  const context = await browser.newContext();
  const visitor = await context.newPage();
  await actAsNewVisitor(visitor);
  await signIn(visitor, account.email, "not the right password");
  await expect(formAlert(visitor)).toHaveText(GENERIC_REFUSAL);
  await expect(visitor).toHaveURL(/\/sign-in/);
  await signIn(visitor, `nobody-${account.username}@example.test`, "not the right password");
  await expect(formAlert(visitor)).toHaveText(GENERIC_REFUSAL);
  await context.close();
});

test("the sixth rapid failed sign-in is refused with a wait", SMOKE, async ({ page, request }) => {
  const ip = await actAsNewVisitor(page);
  await page.goto("/sign-in");
  const target = newAccount("target");
  for (let attempt = 1; attempt <= 5; attempt++) {
    await signIn(page, target.username, `wrong guess ${attempt}`);
    await expect(formAlert(page)).toHaveText(GENERIC_REFUSAL);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  }
  await signIn(page, target.username, "wrong guess 6");
  await expect(formAlert(page)).toHaveText(/^Too many attempts\. Try again in \d+ seconds\.$/);

  // Straight at the credentials endpoint, the same address gets a 429 with Retry-After.
  const response = await request.post("/api/auth/callback/credentials", {
    headers: { "x-forwarded-for": ip },
    form: { identifier: target.username, password: "wrong guess 7" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(429);
  expect(Number(response.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await response.json()).error.message).toMatch(/^Too many attempts\. Try again in \d+ seconds\.$/);
});

test("signed-out visitors are sent to sign in, then back where they were going", async ({
  page,
  browser,
}) => {
  const account = await signUp(page, newAccount("returning"));
  const context = await browser.newContext();
  const visitor = await context.newPage();
  await actAsNewVisitor(visitor);

  await visitor.goto("/");
  await expect(visitor).toHaveURL(/\/sign-in\?callbackUrl=%2F$/);
  await expect(visitor.getByRole("link", { name: /create an account/i })).toHaveAttribute("href", "/sign-up");
  await signIn(visitor, account.username, account.password);
  await visitor.waitForURL((url) => url.pathname === "/");

  await signOut(visitor, account);
  await visitor.goto("/settings/profile");
  await expect(visitor).toHaveURL(/\/sign-in\?callbackUrl=%2Fsettings%2Fprofile$/);
  await signIn(visitor, account.email, account.password);
  await visitor.waitForURL((url) => url.pathname === "/settings/profile");
  await expect(visitor.getByRole("textbox", { name: "Display name" })).toHaveValue(account.displayName);
  await context.close();
});

test("signing up and out works on a phone, in dark mode @mobile", SMOKE, async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  const account = await signUp(page, newAccount("phone"));
  await page.getByRole("button", { name: "Open navigation" }).click();
  const drawer = page.getByRole("dialog", { name: "Navigation" });
  await drawer.getByRole("button", { name: new RegExp(escapeRegExp(account.displayName)) }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test("changing the password keeps this session and signs out the others", async ({ page, browser }) => {
  const account = await signUp(page, newAccount("rotate"));
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await actAsNewVisitor(otherPage);
  await signIn(otherPage, account.username, account.password);
  await otherPage.waitForURL((url) => url.pathname === "/");

  await page.goto("/settings");
  await page.getByRole("link", { name: "Password and account" }).click();
  const form = page.getByRole("form", { name: "Change password" });
  await form.getByLabel("Current password").fill(account.password);
  const newPassword = `${account.password} rotated`;
  await form.getByLabel("New password").fill(newPassword);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("status")).toHaveText("Password changed. Other sessions were signed out.");
  await page.goto("/friends");
  await expect(page).toHaveURL(/\/friends$/);

  await otherPage.goto("/friends");
  await expect(otherPage).toHaveURL(/\/sign-in/);
  await signIn(otherPage, account.username, account.password);
  await expect(formAlert(otherPage)).toHaveText(GENERIC_REFUSAL);
  await signIn(otherPage, account.username, newPassword);
  await otherPage.waitForURL((url) => url.pathname === "/");
  await other.close();
});

test("deleting the account signs out and the account can no longer sign in", async ({ page }) => {
  const account = await signUp(page, newAccount("leaving"));
  await page.goto("/settings/account");
  const form = page.getByRole("form", { name: "Delete account" });
  await form.getByLabel(`Type ${account.username} to confirm`).fill("someone_else");
  await form.getByLabel("Your password").fill(account.password);
  await form.getByRole("button", { name: "Delete account" }).click();
  await expect(form.getByLabel(`Type ${account.username} to confirm`)).toHaveAccessibleDescription(
    `Type ${account.username} to confirm.`,
  );

  await form.getByLabel(`Type ${account.username} to confirm`).fill(account.username);
  await form.getByRole("button", { name: "Delete account" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, account.email, account.password);
  await expect(formAlert(page)).toHaveText(GENERIC_REFUSAL);
});

test("changing the email moves sign-in to the new address", async ({ page, browser }) => {
  const account = await signUp(page, newAccount("mover"));
  await page.goto("/settings/account");
  const form = page.getByRole("form", { name: "Change email" });
  await expect(form.getByRole("textbox", { name: "Email" })).toHaveValue(account.email);
  const newEmail = `moved.${account.email}`;
  await form.getByRole("textbox", { name: "Email" }).fill(newEmail);
  await form.getByLabel("Password", { exact: true }).fill(account.password);
  await form.getByRole("button", { name: "Change email" }).click();
  await expect(form.getByRole("status")).toHaveText(`Your email is now ${newEmail}.`);

  const context = await browser.newContext();
  const visitor = await context.newPage();
  await actAsNewVisitor(visitor);
  await signIn(visitor, account.email, account.password);
  await expect(formAlert(visitor)).toHaveText(GENERIC_REFUSAL);
  await signIn(visitor, newEmail, account.password);
  await visitor.waitForURL((url) => url.pathname === "/");
  await context.close();
});
