import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signUpTwoPeople } from "./helpers/people";
import { type RealtimeSwitch, routeRealtimeThroughSwitch } from "./helpers/realtime-switch";
import { SMOKE } from "./helpers/tags";
import { send } from "./pages/composer";
import { article, openActions } from "./pages/conversation";
import { openDirect } from "./pages/direct";

// Reactions as two people use them: chips under a message, counts and "pressed" state live on
// both sides, who reacted on hover (or long press on a phone), and the 20-emoji limit's message.

function chip(message: Locator, name: string): Locator {
  return message.getByRole("group", { name: "Reactions" }).getByRole("button", { name, exact: true });
}

async function addReaction(page: Page, message: Locator) {
  await openActions(page, message);
  await page.getByRole("menuitem", { name: "Add reaction" }).click();
  return page.getByRole("dialog", { name: "Add reaction" });
}

/** A real touch press held past the long-press delay (pointer events with pointerType "touch"). */
async function longPress(page: Page, target: Locator) {
  const box = await target.boundingBox();
  if (!box) throw new Error("nothing to press");
  const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [point] });
  await page.waitForTimeout(800);
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
}

test("react, toggle and see who reacted, live on both sides", SMOKE, async ({ twoPeople }) => {
  test.setTimeout(90_000);
  const { ana, ben, anaAccount, benAccount } = twoPeople;
  await openDirect(ana, ben, benAccount, "Lunch at noon?");

  // Ana reacts 👍 from the message's menu.
  const picker = await addReaction(ana, article(ana, "Lunch at noon?"));
  await picker.getByRole("button", { name: "👍", exact: true }).click();
  await expect(picker).toHaveCount(0);
  await expect(chip(article(ana, "Lunch at noon?"), "👍 1")).toHaveAttribute("aria-pressed", "true");

  // Ben sees it without reloading; it is not his.
  const bensChip = chip(article(ben, "Lunch at noon?"), "👍 1");
  await expect(bensChip).toHaveAttribute("aria-pressed", "false");

  // Ben clicks it: his too now, on both screens.
  await bensChip.click();
  await expect(chip(article(ben, "Lunch at noon?"), "👍 2")).toHaveAttribute("aria-pressed", "true");
  await expect(chip(article(ana, "Lunch at noon?"), "👍 2")).toHaveAttribute("aria-pressed", "true");

  // Hovering names who reacted, in order.
  await chip(article(ana, "Lunch at noon?"), "👍 2").hover();
  await expect(ana.getByRole("tooltip")).toHaveText(
    `Reacted by ${anaAccount.displayName}, ${benAccount.displayName}`,
  );

  // Ben clicks again: back to Ana's alone.
  await chip(article(ben, "Lunch at noon?"), "👍 2").click();
  await expect(chip(article(ben, "Lunch at noon?"), "👍 1")).toHaveAttribute("aria-pressed", "false");
  await expect(chip(article(ana, "Lunch at noon?"), "👍 1")).toHaveAttribute("aria-pressed", "true");

  // The full picker: search, pick, and it arrives on the other side after the first.
  const full = await addReaction(ben, article(ben, "Lunch at noon?"));
  await full.getByRole("button", { name: "More reactions" }).click();
  await full.getByRole("searchbox").fill("rocket");
  await full.getByRole("button", { name: "🚀" }).first().click();
  await expect(full).toHaveCount(0);
  await expect(chip(article(ben, "Lunch at noon?"), "🚀 1")).toHaveAttribute("aria-pressed", "true");
  const anaGroup = article(ana, "Lunch at noon?").getByRole("group", { name: "Reactions" });
  await expect(anaGroup.getByRole("button")).toHaveText(["👍1", "🚀1"]);

  // What was saved is what a fresh load shows.
  await ana.reload();
  await expect(chip(article(ana, "Lunch at noon?"), "👍 1")).toHaveAttribute("aria-pressed", "true");
  await expect(chip(article(ana, "Lunch at noon?"), "🚀 1")).toHaveAttribute("aria-pressed", "false");
});

test("a 21st emoji is refused with the server's message and the chip rolls back", async ({ twoPeople }) => {
  test.setTimeout(90_000);
  const { ana, ben, benAccount } = twoPeople;
  await openDirect(ana, ben, benAccount, "React to everything");
  const conversationId = new URL(ana.url()).pathname.split("/").at(-1);
  const page = await (await ben.request.get(`/api/conversations/${conversationId}/messages`)).json();
  const messageId = page.messages.at(-1).id as string;
  const twenty = [..."😀😃😄😁😆😅🤣🙂🙃😉😊😇🥰😍🤩😘😗😚😙😋"];
  expect(twenty).toHaveLength(20);
  for (const emoji of twenty) {
    const response = await ben.request.put(
      `/api/conversations/${conversationId}/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`,
    );
    expect(response.status()).toBe(200);
  }
  const group = article(ana, "React to everything").getByRole("group", { name: "Reactions" });
  await expect(group.getByRole("button")).toHaveCount(20);

  const picker = await addReaction(ana, article(ana, "React to everything"));
  await picker.getByRole("button", { name: "👍", exact: true }).click();
  await expect(article(ana, "React to everything").getByRole("alert")).toContainText(/20/);
  await expect(group.getByRole("button")).toHaveCount(20);
  await expect(chip(article(ana, "React to everything"), "👍 1")).toHaveCount(0);
  // An emoji already there is not new: Ana may still join it.
  await chip(article(ana, "React to everything"), "😀 1").click();
  await expect(chip(article(ana, "React to everything"), "😀 2")).toHaveAttribute("aria-pressed", "true");
  await expect(chip(article(ben, "React to everything"), "😀 2")).toBeVisible();
});

test("reactions made while a reader's connection was down show once it reconnects", async ({ browser }) => {
  test.setTimeout(90_000);
  // Ben's realtime socket runs through a switch: the socket drops and reconnects hang unanswered.
  let bensRealtime: RealtimeSwitch | undefined;
  const { ana, ben, benAccount, close } = await signUpTwoPeople(browser, {
    beforeSignUp: async (_ana, ben) => {
      bensRealtime = await routeRealtimeThroughSwitch(ben);
    },
  });
  try {
    await openDirect(ana, ben, benAccount, "While you were away");
    await send(ana, "A second message");
    await expect(article(ben, "A second message")).toBeVisible();

    await bensRealtime?.cut();
    const picker = await addReaction(ana, article(ana, "While you were away"));
    await picker.getByRole("button", { name: "🎉", exact: true }).click();
    await expect(chip(article(ana, "While you were away"), "🎉 1")).toHaveAttribute("aria-pressed", "true");
    await ben.waitForTimeout(500);
    await expect(chip(article(ben, "While you were away"), "🎉 1")).toHaveCount(0);

    await bensRealtime?.restore();
    // The client retries on a back-off of up to ~13 s once its connection has dropped.
    await expect(chip(article(ben, "While you were away"), "🎉 1")).toHaveAttribute("aria-pressed", "false", {
      timeout: 30_000,
    });
  } finally {
    await close();
  }
});

test("on a phone: long press opens the actions and shows who reacted; a tap toggles @mobile", async ({
  twoPeople,
}) => {
  test.setTimeout(90_000);
  const { ana, ben, benAccount } = twoPeople;
  await openDirect(ana, ben, benAccount, "Phone check");

  // A long press on the message opens its actions menu.
  await longPress(ben, article(ben, "Phone check").getByText("Phone check"));
  await expect(ben.getByRole("menu")).toBeVisible();
  await ben.getByRole("menuitem", { name: "Add reaction" }).tap();
  await ben.getByRole("dialog", { name: "Add reaction" }).getByRole("button", { name: "❤️" }).tap();
  await expect(chip(article(ben, "Phone check"), "❤️ 1")).toHaveAttribute("aria-pressed", "true");
  await expect(chip(article(ana, "Phone check"), "❤️ 1")).toHaveAttribute("aria-pressed", "false");

  // A long press on a chip names who reacted, and does not toggle it.
  await longPress(ana, chip(article(ana, "Phone check"), "❤️ 1"));
  await expect(ana.getByRole("tooltip")).toHaveText(`Reacted by ${benAccount.displayName}`);
  await expect(chip(article(ana, "Phone check"), "❤️ 1")).toHaveAttribute("aria-pressed", "false");

  // A tap toggles: Ana joins, then Ben leaves.
  await chip(article(ana, "Phone check"), "❤️ 1").tap();
  await expect(chip(article(ana, "Phone check"), "❤️ 2")).toHaveAttribute("aria-pressed", "true");
  await chip(article(ben, "Phone check"), "❤️ 2").tap();
  await expect(chip(article(ben, "Phone check"), "❤️ 1")).toHaveAttribute("aria-pressed", "false");
  await expect(chip(article(ana, "Phone check"), "❤️ 1")).toHaveAttribute("aria-pressed", "true");
});
