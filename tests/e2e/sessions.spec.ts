import { randomUUID } from "node:crypto";
import { type Browser, type BrowserContext, expect, type Page, test, type WebSocket } from "@playwright/test";
import { actAsNewVisitor, newAccount, signIn, signOut, signUp, type TestAccount } from "./helpers/accounts";
import { createDirectConversation, postMessage, sessionUserId } from "./helpers/api";
import { expectNoSeriousAxeViolations } from "./helpers/axe";
import { SMOKE } from "./helpers/tags";
import { messages } from "./pages/conversation";
import { confirmation } from "./pages/dialogs";

// A session that ends stops listening at once: its realtime socket is closed by the server and
// nothing reaches it afterwards, while the person's other devices carry on.

interface Device {
  context: BrowserContext;
  page: Page;
  /** Every frame any of the page's realtime sockets received, in order. */
  frames: string[];
  sockets: WebSocket[];
}

async function watchSockets(context: BrowserContext, page: Page): Promise<Device> {
  const device: Device = { context, page, frames: [], sockets: [] };
  page.on("websocket", (socket) => {
    if (!socket.url().includes("/app/")) return;
    device.sockets.push(socket);
    socket.on("framereceived", ({ payload }) => device.frames.push(String(payload)));
  });
  return device;
}

/** Ana on a first device (signed up there) and a second one (signed in), and Cat, who writes to her. */
async function setUp(browser: Browser) {
  const anaContext = await browser.newContext();
  const first = await watchSockets(anaContext, await anaContext.newPage());
  const ana = await signUp(first.page, newAccount("ana"));
  const secondContext = await browser.newContext();
  const second = await watchSockets(secondContext, await secondContext.newPage());
  await actAsNewVisitor(second.page);
  await signIn(second.page, ana.username, ana.password);
  await second.page.waitForURL((url) => url.pathname === "/");

  const catContext = await browser.newContext();
  await signUp(await catContext.newPage(), newAccount("cat"));
  const anaId = await sessionUserId(anaContext.request);
  const conversationId = await createDirectConversation(catContext.request, anaId);
  const catSays = async (text: string) => {
    const sent = await postMessage(catContext.request, conversationId, { text });
    expect(sent.status()).toBe(201);
  };
  await catSays("before anything happens");
  const close = () => Promise.all([anaContext.close(), secondContext.close(), catContext.close()]);
  return { ana, first, second, conversationId, catSays, close };
}

/** Opens the conversation and waits until its live subscription is up (a message arrives live). */
async function openLive(device: Device, conversationId: string, catSays: (text: string) => Promise<void>) {
  await device.page.goto(`/c/${conversationId}`);
  await expect(messages(device.page).getByText("before anything happens")).toBeVisible();
  const probe = `live check ${randomUUID().slice(0, 8)}`;
  await catSays(probe);
  await expect(messages(device.page).getByText(probe)).toBeVisible();
  const socket = device.sockets.at(-1);
  if (!socket) throw new Error("no realtime socket");
  return socket;
}

async function changePassword(page: Page, account: TestAccount) {
  await page.goto("/settings/account");
  const form = page.getByRole("form", { name: "Change password" });
  await form.getByLabel("Current password").fill(account.password);
  await form.getByLabel("New password").fill(`${account.password} rotated`);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("status")).toHaveText("Password changed. Other sessions were signed out.");
}

test(
  "changing the password closes the other device's socket: nothing reaches it, and it shows signed out",
  SMOKE,
  async ({ browser }) => {
    test.setTimeout(90_000);
    const { ana, first, second, conversationId, catSays, close } = await setUp(browser);
    try {
      const socket = await openLive(second, conversationId, catSays);
      await changePassword(first.page, ana);
      await expect.poll(() => socket.isClosed()).toBe(true);
      await catSays("after the change");
      await second.page.waitForURL(/\/sign-in/);
      await expect(second.page.getByRole("button", { name: "Sign in" })).toBeVisible();
      // Nothing of it reached any socket of the old session, not even one opened after the close.
      await first.page.waitForTimeout(500);
      expect(second.frames.filter((frame) => frame.includes("after the change"))).toEqual([]);
      // The device that changed the password is still signed in and live.
      await openLive(first, conversationId, catSays);
    } finally {
      await close();
    }
  },
);

test("Sign out on one device: the other stays signed in and live, the old cookie is refused", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { ana, first, second, conversationId, catSays, close } = await setUp(browser);
  try {
    await openLive(second, conversationId, catSays);
    await first.page.goto("/");
    const oldCookies = await first.context.cookies();
    await signOut(first.page, ana);

    // Its socket was closed too (terminate_connections is per user): it comes back by itself.
    await expect(second.page).toHaveURL(new RegExp(`/c/${conversationId}$`));
    await catSays("still live after the other device signed out");
    await expect(messages(second.page).getByText("still live after the other device signed out")).toBeVisible(
      {
        timeout: 15_000,
      },
    );

    // A copy of the signed-out device's cookie is refused everywhere.
    const replay = await browser.newContext();
    try {
      await replay.addCookies(oldCookies);
      expect((await replay.request.get("/api/conversations")).status()).toBe(401);
      const channel = await replay.request.post("/api/realtime/auth", {
        form: { socket_id: "123.456", channel_name: `private-conversation-${conversationId}` },
      });
      expect(channel.status()).toBe(401);
      expect(
        (await replay.request.post("/api/realtime/user-auth", { form: { socket_id: "123.456" } })).status(),
      ).toBe(401);
      const page = await replay.newPage();
      await page.goto(`/c/${conversationId}`);
      await expect(page).toHaveURL(/\/sign-in/);
    } finally {
      await replay.close();
    }
  } finally {
    await close();
  }
});

test("Sign out of all devices: asked first, by keyboard, ends every session and closes every socket", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { first, second, conversationId, catSays, close } = await setUp(browser);
  try {
    const socket = await openLive(second, conversationId, catSays);
    const page = first.page;
    await page.goto("/settings/devices");
    await expect(page.getByRole("heading", { name: "Signed-in devices" })).toBeVisible();
    await expectNoSeriousAxeViolations(page, "/settings/devices");

    const trigger = page.getByRole("button", { name: "Sign out of all devices" });
    await trigger.focus();
    await page.keyboard.press("Enter");
    const dialog = confirmation(page, "Sign out of all devices?");
    await expect(dialog).toBeVisible();
    await expectNoSeriousAxeViolations(page, "the confirmation dialog");
    // Escape cancels and gives focus back; nothing happened.
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(trigger).toBeFocused();
    expect(socket.isClosed()).toBe(false);

    await page.keyboard.press("Enter");
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Sign out everywhere" }).focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/sign-in/);
    await expect.poll(() => socket.isClosed()).toBe(true);
    await catSays("after signing out everywhere");
    await second.page.waitForURL(/\/sign-in/);
    expect(second.frames.filter((frame) => frame.includes("after signing out everywhere"))).toEqual([]);
  } finally {
    await close();
  }
});

test("the devices page on a phone: no serious accessibility violation, the control works by keyboard @mobile", async ({
  page,
}) => {
  test.setTimeout(60_000);
  await signUp(page, newAccount("phone"));
  await page.goto("/settings/devices");
  const trigger = page.getByRole("button", { name: "Sign out of all devices" });
  await expect(trigger).toBeVisible();
  await expectNoSeriousAxeViolations(page, "/settings/devices at 375 px");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await trigger.focus();
  await page.keyboard.press("Enter");
  const dialog = confirmation(page, "Sign out of all devices?");
  await expect(dialog).toBeVisible();
  await expectNoSeriousAxeViolations(page, "the confirmation dialog at 375 px");
  await dialog.getByRole("button", { name: "Cancel" }).focus();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/\/settings\/devices$/);
});
