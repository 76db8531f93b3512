import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { signUpTwoPeople } from "./helpers/people";
import {
  freePort,
  type ParleyProcess,
  type RealtimeProcess,
  startParley,
  startRealtimeServer,
  tempDataDir,
} from "./helpers/server";
import { send } from "./pages/composer";
import { article, messages } from "./pages/conversation";
import { startDirect } from "./pages/dialogs";

// The realtime server itself goes away — a standalone `npm run realtime` process, stopped with
// SIGTERM and started again on the same port — while Parley keeps running as a self-hosted
// Pusher-protocol deployment. chat.spec.ts covers a single client's socket dropping.

/** The sender's own copy settles as sent: saved once, neither "Sending…" nor "Not sent.". */
async function expectSavedOnce(page: Page, text: string) {
  const own = article(page, text);
  await expect(own).toHaveCount(1);
  await expect(own.getByText("Sending…")).toHaveCount(0);
  await expect(own.getByText("Not sent.")).toHaveCount(0);
}

async function expectOnceInOrder(page: Page, texts: string[]) {
  for (const text of texts) await expect(article(page, text)).toHaveCount(1, { timeout: 30_000 });
  const shown = await messages(page).getByRole("article").allInnerTexts();
  const positions = texts.map((text) => shown.findIndex((article) => article.includes(text)));
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
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
  let closePeople: (() => Promise<void>) | undefined;
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
    // Every realtime socket the pages open goes to the standalone server, none to the app.
    const sockets: string[] = [];
    const { ana, ben, benAccount, close } = await signUpTwoPeople(browser, {
      baseURL: parley.baseURL,
      beforeSignUp: async (ana, ben) => {
        for (const page of [ana, ben]) page.on("websocket", (socket) => sockets.push(socket.url()));
      },
    });
    closePeople = close;
    await startDirect(ana, benAccount, { query: benAccount.username });
    await send(ana, "before the outage", { waitUntilSent: false });
    await expectSavedOnce(ana, "before the outage");
    await ben.getByRole("list", { name: "Conversations" }).getByRole("link").first().click();
    await expect(article(ben, "before the outage")).toHaveCount(1);
    await send(ben, "live reply", { waitUntilSent: false });
    await expect(article(ana, "live reply")).toHaveCount(1);
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
      await send(page, text, { waitUntilSent: false });
      await expectSavedOnce(page, text);
    }
    await ben.waitForTimeout(500);
    await expect(article(ben, "ana during one")).toHaveCount(0);
    await expect(article(ana, "ben during one")).toHaveCount(0);

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
    await send(ben, "after the restart", { waitUntilSent: false });
    await expect(article(ana, "after the restart")).toHaveCount(1);
    await send(ana, "and back", { waitUntilSent: false });
    await expect(article(ben, "and back")).toHaveCount(1);
    await expectOnceInOrder(ana, [...expected, "after the restart", "and back"]);
    await expectOnceInOrder(ben, [...expected, "after the restart", "and back"]);
  } finally {
    await closePeople?.();
    await parley?.stop();
    await realtime?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
