import { expect, type Locator, type Page } from "@playwright/test";
import type { TestAccount } from "../helpers/accounts";

// The dialogs of the sidebar (New message, New group) and the confirmation dialogs.

/** On a phone the sidebar sits behind "Open navigation"; opens it when it is there. */
export async function showSidebar(page: Page): Promise<void> {
  const navigation = page.getByRole("button", { name: "Open navigation" });
  if (await navigation.isVisible()) await navigation.click();
}

/**
 * New message: searches for `person` (by default as `@username`; `query` types something else)
 * and picks them, which opens the direct conversation.
 */
export async function startDirect(
  page: Page,
  person: TestAccount,
  { query = `@${person.username}` }: { query?: string } = {},
): Promise<void> {
  await showSidebar(page);
  await page.getByRole("button", { name: "New message" }).click();
  await page.getByRole("textbox", { name: "Search people" }).fill(query);
  await page.getByRole("button", { name: new RegExp(person.displayName) }).click();
  await expect(page).toHaveURL(/\/c\/[^/]+$/);
}

/** The New group dialog, opened from the sidebar. */
export async function openNewGroup(page: Page) {
  await showSidebar(page);
  await page.getByRole("button", { name: "New group" }).click();
  return {
    name: page.getByRole("textbox", { name: "Group name" }),
    icon: page.getByLabel("Group icon (optional)"),
    membersToAdd: page.getByRole("list", { name: "Members to add" }).getByRole("listitem"),
    /** Finds `person` by username and adds them to the group. */
    add: async (person: TestAccount) => {
      await page.getByRole("textbox", { name: "Add people" }).fill(person.username);
      await page
        .getByRole("list", { name: "People" })
        .getByRole("button", { name: new RegExp(person.displayName) })
        .click();
    },
    create: () => page.getByRole("button", { name: "Create group" }).click(),
  };
}

/** A dialog that asks before something happens ("Delete message?", "Sign out of all devices?"). */
export function confirmation(page: Page, name: string): Locator {
  return page.getByRole("dialog", { name });
}
