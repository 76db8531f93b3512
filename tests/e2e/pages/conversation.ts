import { expect, type Locator, type Page } from "@playwright/test";

// The open conversation as a person sees it: the message log, one message in it, and the
// actions menu each message carries.

/** The message log of the open conversation. */
export function messages(page: Page): Locator {
  return page.getByRole("log", { name: "Messages" });
}

/** The messages in the log that contain `text`. */
export function article(page: Page, text: string | RegExp): Locator {
  return messages(page).getByRole("article").filter({ hasText: text });
}

/** Opens a message's actions menu the way a pointer does: hover, then "Message actions". */
export async function openActions(page: Page, message: Locator): Promise<void> {
  await message.hover();
  await message.getByRole("button", { name: "Message actions" }).click();
  await expect(page.getByRole("menu")).toBeVisible();
}
