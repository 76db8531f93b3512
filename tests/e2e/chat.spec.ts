import { expect, type Page, test } from "@playwright/test";
import { signUp } from "./helpers/accounts";

function messages(page: Page) {
  return page.getByRole("log", { name: "Messages" });
}

test("A starts a DM with B and they talk live, with unread counts", async ({ browser }) => {
  const anaContext = await browser.newContext();
  const benContext = await browser.newContext();
  try {
    const ana = await anaContext.newPage();
    const ben = await benContext.newPage();
    const anaAccount = await signUp(ana);
    const benAccount = await signUp(ben);
    await expect(ben.getByText("No conversations yet.")).toBeVisible();

    await ana.getByRole("button", { name: "New message" }).click();
    await ana.getByRole("searchbox", { name: "Search people" }).fill(`@${benAccount.username}`);
    await ana.getByRole("button", { name: new RegExp(benAccount.displayName) }).click();
    await expect(ana).toHaveURL(/\/c\/[^/]+$/);
    await expect(ana.getByRole("heading", { name: benAccount.displayName })).toBeVisible();
    await expect(ana.getByText("No messages yet. Say hello!")).toBeVisible();

    await ana.getByRole("textbox", { name: "Message" }).fill("Hello Ben");
    await ana.getByRole("textbox", { name: "Message" }).press("Enter");
    const sent = messages(ana).getByRole("article").filter({ hasText: "Hello Ben" });
    await expect(sent).toBeVisible();
    await expect(sent).toContainText(anaAccount.displayName);
    await expect(sent.getByText("Sending…")).toHaveCount(0);

    // Ben's sidebar learns of the conversation live, with an unread badge and the title count.
    const row = ben
      .getByRole("list", { name: "Conversations" })
      .getByRole("link", { name: new RegExp(anaAccount.displayName) });
    await expect(row).toBeVisible();
    await expect(row.getByText("1 unread")).toBeVisible();
    await expect(ben).toHaveTitle(/^\(1\) /);
    await row.click();
    await expect(messages(ben).getByRole("article").filter({ hasText: "Hello Ben" })).toContainText(
      anaAccount.displayName,
    );
    // Opening it at the bottom reads it.
    await expect(row.getByText("1 unread")).toHaveCount(0);

    // Shift+Enter is a new line; the Send button sends.
    const composer = ben.getByRole("textbox", { name: "Message" });
    await composer.fill("Hi Ana");
    await composer.press("Shift+Enter");
    await composer.pressSequentially("second line");
    await ben.getByRole("button", { name: "Send" }).click();
    const reply = messages(ana).getByRole("article").filter({ hasText: "Hi Ana" });
    await expect(reply).toContainText("second line");
    await expect(reply).toContainText(benAccount.displayName);
    // Exactly once on each side.
    await expect(messages(ben).getByRole("article").filter({ hasText: "Hi Ana" })).toHaveCount(1);
    await expect(messages(ana).getByRole("article").filter({ hasText: "Hi Ana" })).toHaveCount(1);
  } finally {
    await anaContext.close();
    await benContext.close();
  }
});

test("a conversation someone is not in is a 404 page", async ({ page }) => {
  await signUp(page);
  const response = await page.goto("/c/not-a-conversation-of-mine");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});
