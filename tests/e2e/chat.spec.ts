import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signUp, type TestAccount } from "./helpers/accounts";
import { createDirectConversation, postMessage, sessionUserId } from "./helpers/api";
import { signUpPeople, signUpTwoPeople } from "./helpers/people";
import { type RealtimeSwitch, routeRealtimeThroughSwitch } from "./helpers/realtime-switch";
import { SMOKE } from "./helpers/tags";
import { composer, send } from "./pages/composer";
import { article, messages } from "./pages/conversation";
import { openNewGroup, startDirect } from "./pages/dialogs";

test("A starts a DM with B and they talk live, with unread counts", SMOKE, async ({ twoPeople }) => {
  test.setTimeout(90_000);
  const { ana, ben, anaAccount, benAccount } = twoPeople;
  await expect(ben.getByText("No conversations yet.")).toBeVisible();

  await startDirect(ana, benAccount);
  await expect(ana.getByRole("heading", { name: benAccount.displayName })).toBeVisible();
  await expect(ana.getByText("No messages yet. Say hello!")).toBeVisible();

  await send(ana, "Hello Ben", { waitUntilSent: false });
  const sent = article(ana, "Hello Ben");
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
  await expect(article(ben, "Hello Ben")).toContainText(anaAccount.displayName);
  // Opening it at the bottom reads it: the badge goes, and Ana sees "Seen".
  await expect(row.getByText("1 unread")).toHaveCount(0);
  await expect(messages(ana).getByText("Seen", { exact: true })).toBeVisible();

  // Typing shows on the other side without sending anything.
  await composer(ben).pressSequentially("typ");
  await expect(ana.getByText(`${benAccount.displayName} is typing…`)).toBeVisible();

  // Shift+Enter is a new line; the Send button sends.
  const benComposer = composer(ben);
  await benComposer.fill("Hi Ana");
  await benComposer.press("Shift+Enter");
  await benComposer.pressSequentially("second line");
  await ben.getByRole("button", { name: "Send" }).click();
  const reply = article(ana, "Hi Ana");
  await expect(reply).toContainText("second line");
  await expect(reply).toContainText(benAccount.displayName);
  // Exactly once on each side.
  await expect(article(ben, "Hi Ana")).toHaveCount(1);
  await expect(article(ana, "Hi Ana")).toHaveCount(1);
});

test(
  "a three-person group: created from the dialog, everyone talks live, Seen by N",
  SMOKE,
  async ({ browser }) => {
    test.setTimeout(90_000);
    const people = await signUpPeople(browser, 3);
    try {
      const [ana, ben, cai] = people.pages as [Page, Page, Page];
      const [anaAccount, benAccount, caiAccount] = people.accounts as [TestAccount, TestAccount, TestAccount];

      const group = await openNewGroup(ana);
      await group.name.fill("Weekend trip");
      for (const account of [benAccount, caiAccount]) await group.add(account);
      await expect(group.membersToAdd).toHaveCount(2);
      await group.create();
      await expect(ana.getByRole("heading", { name: "Weekend trip" })).toBeVisible();
      await expect(ana.getByText("3 members")).toBeVisible();
      await composer(ana).fill("Who is in?");
      await ana.getByRole("button", { name: "Send" }).click();

      for (const page of [ben, cai]) {
        await page
          .getByRole("list", { name: "Conversations" })
          .getByRole("link", { name: /Weekend trip/ })
          .click();
        await expect(article(page, "Who is in?")).toContainText(anaAccount.displayName);
      }
      await expect(messages(ana).getByText("Seen by 2")).toBeVisible();
      // Tapping it (no hover on phones) names the readers.
      await messages(ana)
        .getByRole("button", { name: /^Seen by 2/ })
        .click();
      const readers = ana.getByRole("list", { name: "Seen by" });
      await expect(readers.getByRole("listitem")).toHaveCount(2);
      await expect(readers).toContainText(benAccount.displayName);
      await expect(readers).toContainText(caiAccount.displayName);
      await ana.keyboard.press("Escape");

      await send(cai, "Me!", { waitUntilSent: false });
      for (const page of [ana, ben]) {
        await expect(article(page, "Me!")).toContainText(caiAccount.displayName);
      }
    } finally {
      await people.close();
    }
  },
);

test(
  "messages sent while a reader's connection was down appear exactly once after it reconnects",
  SMOKE,
  async ({ browser }) => {
    // Two sign-ups, an outage and a reconnect: about 20 s on a quiet machine.
    test.setTimeout(90_000);
    // Ben's realtime socket runs through a switch the test can open: an outage the app cannot tell
    // from a real one (the socket drops; reconnect attempts hang without an answer).
    let bensRealtime: RealtimeSwitch | undefined;
    const { ana, ben, benAccount, close } = await signUpTwoPeople(browser, {
      beforeSignUp: async (_ana, ben) => {
        bensRealtime = await routeRealtimeThroughSwitch(ben);
      },
    });
    try {
      await startDirect(ana, benAccount, { query: benAccount.username });
      await send(ana, "before the outage", { waitUntilSent: false });
      await ben.getByRole("list", { name: "Conversations" }).getByRole("link").first().click();
      await expect(article(ben, "before the outage")).toBeVisible();

      await bensRealtime?.cut();
      for (const text of ["during one", "during two", "during three"]) await send(ana, text);
      await ben.waitForTimeout(500);
      await expect(article(ben, "during one")).toHaveCount(0);

      await bensRealtime?.restore();
      for (const text of ["during one", "during two", "during three"]) {
        await expect(article(ben, text)).toHaveCount(1);
      }
      await send(ana, "after the outage", { waitUntilSent: false });
      await expect(article(ben, "after the outage")).toHaveCount(1);
      const order = await messages(ben).getByRole("article").allInnerTexts();
      const positions = [
        "before the outage",
        "during one",
        "during two",
        "during three",
        "after the outage",
      ].map((t) => order.findIndex((text) => text.includes(t)));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    } finally {
      await close();
    }
  },
);

test("scrolling up loads older history, page by page, without gaps or repeats", async ({ twoPeople }) => {
  test.setTimeout(90_000);
  const { ana, ben } = twoPeople;
  const id = await createDirectConversation(ana.request, await sessionUserId(ben.request));
  const total = 130;
  for (let i = 1; i <= total; i++) {
    const response = await postMessage(
      ana.request,
      id,
      { text: `history ${i}` },
      { clientNonce: `history-nonce-${i}-${id}` },
    );
    expect(response.status()).toBe(201);
  }

  await ben.goto(`/c/${id}`);
  const log = messages(ben);
  await expect(log.getByRole("article").filter({ hasText: `history ${total}` })).toBeVisible();
  await expect(log.getByRole("article").filter({ hasText: /^.*history 1$/ })).toHaveCount(0);
  const first = log.getByRole("article").filter({ hasText: /history 1$/ });
  await log.hover();
  for (let attempt = 0; attempt < 40 && !(await first.isVisible()); attempt++) {
    await ben.mouse.wheel(0, -4000);
    await ben.waitForTimeout(200);
  }
  await expect(first).toBeVisible();
  await expect(first).toHaveCount(1);
  // What is on screen now is the start of the conversation, in order.
  const texts = (await log.getByRole("article").allInnerTexts()).map((t) => /history (\d+)/.exec(t)?.[1]);
  const numbers = texts.filter(Boolean).map(Number);
  expect(numbers[0]).toBe(1);
  expect(numbers).toEqual(numbers.map((_, i) => i + 1));
});

test("a conversation someone is not in is a 404 page", async ({ page }) => {
  await signUp(page);
  const response = await page.goto("/c/not-a-conversation-of-mine");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});
