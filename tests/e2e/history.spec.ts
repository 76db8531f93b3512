import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { createDirectConversation, postMessage, sessionUserId } from "./helpers/api";
import { SMOKE } from "./helpers/tags";
import { article, messages } from "./pages/conversation";

// Opening a conversation where the reader left off, links to one message, and jumping to a
// quoted original that lies outside the loaded pages.

/** Exactly this message: "history 1" must not match "history 10". */
function numbered(page: Page, n: number) {
  return article(page, new RegExp(`history ${n}$`));
}

async function post(request: APIRequestContext, conversationId: string, text: string, replyToId?: string) {
  const response = await postMessage(request, conversationId, { text }, { replyToId });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string };
}

/** Ana (signed up) opens a direct conversation with Ben and posts "history 1" to "history `count`". */
async function seedDirect(ana: Page, ben: Page, count: number) {
  const id = await createDirectConversation(ana.request, await sessionUserId(ben.request));
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) ids.push((await post(ana.request, id, `history ${i}`)).id);
  return { conversationId: id, ids };
}

test(
  "a conversation opens at the first unread message, with the older context above",
  SMOKE,
  async ({ twoPeople }) => {
    test.setTimeout(120_000);
    const { ana, ben } = twoPeople;
    const { conversationId, ids } = await seedDirect(ana, ben, 10);
    // Ben read up to message 10; then 110 more arrive while he is away.
    const marked = await ben.request.post(`/api/conversations/${conversationId}/read`, {
      data: { messageId: ids[9] },
    });
    expect(marked.ok()).toBe(true);
    for (let i = 11; i <= 120; i++) await post(ana.request, conversationId, `history ${i}`);

    await ben.goto(`/c/${conversationId}`);
    await expect(messages(ben).getByRole("separator", { name: "New messages" })).toBeVisible();
    await expect(numbered(ben, 11)).toBeVisible();
    await expect(numbered(ben, 10)).toBeVisible();
    // The newest messages are not loaded yet: the list stops short of the present.
    await expect(numbered(ben, 120)).toHaveCount(0);

    await ben.getByRole("button", { name: "Jump to latest" }).click();
    await expect(numbered(ben, 120)).toBeVisible();
    await expect(numbered(ben, 120)).toHaveCount(1);
    await expect(ben.getByRole("button", { name: "Jump to latest" })).toHaveCount(0);

    // Everyone else's conversation list shows when the last message was sent.
    const row = ana.getByRole("list", { name: "Conversations" }).getByRole("link").first();
    await ana.goto("/");
    await expect(row.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);
  },
);

test("a link to a message opens the history around it; scrolling down reaches the present", async ({
  twoPeople,
}) => {
  test.setTimeout(120_000);
  const { ana, ben } = twoPeople;
  const { conversationId, ids } = await seedDirect(ana, ben, 90);

  await ben.goto(`/c/${conversationId}?m=${ids[4]}`);
  await expect(numbered(ben, 5)).toBeVisible();
  await expect(numbered(ben, 90)).toHaveCount(0);
  // Scrolling down loads the newer pages until the newest message.
  const log = messages(ben);
  await log.hover();
  for (let attempt = 0; attempt < 40 && !(await numbered(ben, 90).isVisible()); attempt++) {
    await ben.mouse.wheel(0, 4000);
    await ben.waitForTimeout(200);
  }
  await expect(numbered(ben, 90)).toBeVisible();
  await expect(numbered(ben, 60)).toHaveCount(0); // virtualised: off-screen rows are not in the DOM
  // A live message now lands at the end, once.
  await post(ana.request, conversationId, "history 91");
  await expect(numbered(ben, 91)).toBeVisible();
  await expect(numbered(ben, 91)).toHaveCount(1);

  // A link to something that is not in this conversation still opens it, at the newest message.
  await ben.goto(`/c/${conversationId}?m=not-a-message`);
  await expect(numbered(ben, 91)).toBeVisible();
});

test("jumping to a quoted original older than the loaded pages loads the history around it", async ({
  twoPeople,
}) => {
  test.setTimeout(120_000);
  const { ana, ben } = twoPeople;
  const { conversationId, ids } = await seedDirect(ana, ben, 80);
  await post(ana.request, conversationId, "answering the very first", ids[0]);

  await ben.goto(`/c/${conversationId}`);
  const reply = article(ben, "answering the very first");
  await expect(reply).toBeVisible();
  await expect(numbered(ben, 1)).toHaveCount(0);
  await reply.getByRole("button", { name: /Jump to original/ }).click();
  await expect(numbered(ben, 1)).toBeVisible();
  await expect(numbered(ben, 1)).toHaveCount(1);
  // From there, the present is one button away.
  await ben.getByRole("button", { name: "Jump to latest" }).click();
  await expect(reply).toBeVisible();
});
