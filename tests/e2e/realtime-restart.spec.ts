import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { signUp } from "./helpers/accounts";
import {
  freePort,
  type ParleyProcess,
  type RealtimeProcess,
  startParley,
  startRealtimeServer,
  tempDataDir,
} from "./helpers/server";

// The realtime server itself goes away — a standalone `npm run realtime` process, stopped with
// SIGTERM and started again on the same port — while Parley keeps running as a self-hosted
// Pusher-protocol deployment. chat.spec.ts covers a single client's socket dropping.

const messages = (page: Page) => page.getByRole("log", { name: "Messages" });
const articles = (page: Page, text: string) => messages(page).getByRole("article").filter({ hasText: text });

async function send(page: Page, text: string) {
  const composer = page.getByRole("textbox", { name: "Message" });
  await composer.fill(text);
  await composer.press("Enter");
}

/** The sender's own copy settles as sent: saved, neither "Sending…" nor "Not sent.". */
async function expectSent(page: Page, text: string) {
  const own = articles(page, text);
  await expect(own).toHaveCount(1);
  await expect(own.getByText("Sending…")).toHaveCount(0);
  await expect(own.getByText("Not sent.")).toHaveCount(0);
}

async function expectOnceInOrder(page: Page, texts: string[]) {
  for (const text of texts) await expect(articles(page, text)).toHaveCount(1, { timeout: 30_000 });
  const shown = await messages(page).getByRole("article").allInnerTexts();
  const positions = texts.map((text) => shown.findIndex((article) => article.includes(text)));
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
}

async function twoPeople(browser: Browser, baseURL: string) {
  const contexts: BrowserContext[] = [
    await browser.newContext({ baseURL }),
    await browser.newContext({ baseURL }),
  ];
  const [ana, ben] = await Promise.all(contexts.map((context) => context.newPage()));
  if (!ana || !ben) throw new Error("pages");
  return { contexts, ana, ben };
}

test("messages sent while the realtime server is down appear exactly once on both sides after it restarts", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const dataDir = tempDataDir();
  const appPort = await freePort();
  let realtimePort = await freePort();
  while (realtimePort === appPort) realtimePort = await freePort();
  const credentials = {
    PUSHER_APP_ID: "restart-app",
    PUSHER_KEY: `restart-key-${randomBytes(4).toString("hex")}`,
    PUSHER_SECRET: randomBytes(24).toString("hex"),
  };
  const startRealtime = () =>
    startRealtimeServer({
      port: realtimePort,
      credentials,
      webhookUrl: `http://127.0.0.1:${appPort}/api/realtime/webhook`,
    });
  let realtime: RealtimeProcess | undefined;
  let parley: ParleyProcess | undefined;
  let contexts: BrowserContext[] = [];
  try {
    realtime = await startRealtime();
    parley = await startParley({
      port: appPort,
      dataDir,
      env: {
        ...credentials,
        PUSHER_HOST: "127.0.0.1",
        PUSHER_PORT: String(realtimePort),
        PUSHER_USE_TLS: "false",
      },
    });
    const people = await twoPeople(browser, parley.baseURL);
    contexts = people.contexts;
    const { ana, ben } = people;
    // Every realtime socket the pages open goes to the standalone server, none to the app.
    const sockets: string[] = [];
    for (const page of [ana, ben]) page.on("websocket", (socket) => sockets.push(socket.url()));

    await signUp(ana);
    const benAccount = await signUp(ben);
    await ana.getByRole("button", { name: "New message" }).click();
    await ana.getByRole("textbox", { name: "Search people" }).fill(benAccount.username);
    await ana.getByRole("button", { name: new RegExp(benAccount.displayName) }).click();
    await send(ana, "before the outage");
    await expectSent(ana, "before the outage");
    await ben.getByRole("list", { name: "Conversations" }).getByRole("link").first().click();
    await expect(articles(ben, "before the outage")).toHaveCount(1);
    await send(ben, "live reply");
    await expect(articles(ana, "live reply")).toHaveCount(1);
    expect(sockets.length).toBeGreaterThanOrEqual(2);
    for (const url of sockets)
      expect(url).toContain(`ws://127.0.0.1:${realtimePort}/app/${credentials.PUSHER_KEY}`);

    expect(await realtime.stop()).toBe(0);
    for (const page of [ana, ben])
      await expect(page.getByRole("status").filter({ hasText: "Reconnecting…" })).toBeVisible();

    // Interleaved, so each side's own newest message is newer than some it has not seen yet.
    const during = ["ana during one", "ben during one", "ana during two", "ben during two"];
    for (const text of during) {
      const page = text.startsWith("ana") ? ana : ben;
      await send(page, text);
      await expectSent(page, text);
    }
    await ben.waitForTimeout(500);
    await expect(articles(ben, "ana during one")).toHaveCount(0);
    await expect(articles(ana, "ben during one")).toHaveCount(0);

    realtime = await startRealtime();
    const restartedAt = Date.now();
    const expected = ["before the outage", "live reply", ...during];
    await expectOnceInOrder(ana, expected);
    await expectOnceInOrder(ben, expected);
    test.info().annotations.push({
      type: "both sides caught up, ms after the realtime server listened again",
      description: String(Date.now() - restartedAt),
    });
    for (const page of [ana, ben])
      await expect(page.getByRole("status").filter({ hasText: "Reconnecting…" })).toHaveCount(0);
    // The sidebars refetch after the reconnect: the preview shows the newest message of the outage.
    for (const page of [ana, ben])
      await expect(page.getByRole("list", { name: "Conversations" }).getByRole("link").first()).toContainText(
        "ben during two",
      );

    // Live delivery works again, both ways.
    await send(ben, "after the restart");
    await expect(articles(ana, "after the restart")).toHaveCount(1);
    await send(ana, "and back");
    await expect(articles(ben, "and back")).toHaveCount(1);
    await expectOnceInOrder(ana, [...expected, "after the restart", "and back"]);
    await expectOnceInOrder(ben, [...expected, "after the restart", "and back"]);
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
    await parley?.stop();
    await realtime?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
