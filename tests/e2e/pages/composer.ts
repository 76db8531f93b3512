import { expect, type Locator, type Page } from "@playwright/test";
import { article } from "./conversation";

// The composer at the foot of a conversation.

export function composer(page: Page): Locator {
  return page.getByRole("textbox", { name: "Message" });
}

/**
 * Types `text` into the composer and presses Enter. By default it then waits until the sender's
 * own copy no longer says "Sending…"; `waitUntilSent: false` returns as soon as Enter is pressed
 * (for a send that is meant to fail, or one checked some other way).
 */
export async function send(page: Page, text: string, { waitUntilSent = true } = {}): Promise<void> {
  const box = composer(page);
  await box.fill(text);
  await box.press("Enter");
  if (waitUntilSent) await expect(article(page, text).getByText("Sending…")).toHaveCount(0);
}

/** The sender's own copy of `text` is on screen and no longer says "Sending…". */
export async function expectSent(page: Page, text: string): Promise<void> {
  await expect(article(page, text)).toBeVisible();
  await expect(article(page, text).getByText("Sending…")).toHaveCount(0);
}
