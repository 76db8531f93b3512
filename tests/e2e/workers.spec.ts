import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import Pusher from "pusher";
import WebSocket from "ws";
import { CONTAINED_ERROR_MARKER } from "../../lib/launcher/process-guard";
import { rawUpgrade, upgradeRequest } from "../realtime-conformance/raw-upgrade";
import { signUpTwoPeople } from "./helpers/people";
import { freePort, type ParleyProcess, startParley, tempDataDir } from "./helpers/server";
import { SMOKE } from "./helpers/tags";
import { send } from "./pages/composer";
import { article } from "./pages/conversation";
import { startDirect } from "./pages/dialogs";

// `npm start` in production: the launcher runs the embedded realtime server and forks app
// workers that share the one port. Workers hand WebSocket upgrades to the launcher with the
// socket and pass the realtime REST API through; a worker that dies is replaced. With
// PostgreSQL this runs two workers; on the embedded database WEB_CONCURRENCY is ignored and one
// process (no launcher, no workers) serves the same port, sockets, REST API and app.

const hasDatabase = Boolean(process.env.DATABASE_URL);
const workers = hasDatabase ? 2 : 1;

/** The launcher's app workers (its node children; tsx's esbuild helper is not one). */
function workerPids(launcherPid: number): number[] {
  let listing = "";
  try {
    listing = execFileSync("ps", ["--ppid", String(launcherPid), "-o", "pid=,args="]).toString();
  } catch {
    return []; // ps exits 1 when there are none
  }
  return listing
    .split("\n")
    .filter((line) => line.includes("scripts/start.ts"))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A raw protocol client on the public port, subscribed to a public channel. */
async function openSocket(port: number, key: string, channel: string) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/app/${key}?protocol=7&client=js&version=8.4.0`);
  const events: { event: string; data: string }[] = [];
  socket.on("message", (raw) => events.push(JSON.parse(raw.toString())));
  await expect.poll(() => events.map((e) => e.event)).toContain("pusher:connection_established");
  socket.send(JSON.stringify({ event: "pusher:subscribe", data: { channel } }));
  await expect.poll(() => events.map((e) => e.event)).toContain("pusher_internal:subscription_succeeded");
  return { socket, events };
}

test(
  "app workers share the port: sockets handed to the launcher, REST passed through, a dead worker replaced",
  SMOKE,
  async ({ browser }) => {
    test.setTimeout(240_000);
    const dataDir = tempDataDir();
    const port = await freePort();
    const credentials = {
      PUSHER_APP_ID: "workers-app",
      PUSHER_KEY: `workers-key-${randomBytes(4).toString("hex")}`,
      PUSHER_SECRET: randomBytes(24).toString("hex"),
    };
    let parley: ParleyProcess | undefined;
    let closePeople: (() => Promise<void>) | undefined;
    const sockets: WebSocket[] = [];
    try {
      parley = await startParley({
        port,
        dataDir,
        env: {
          ...credentials,
          WEB_CONCURRENCY: "2",
          ...(hasDatabase
            ? {
                DATABASE_URL: process.env.DATABASE_URL as string,
                AUTH_SECRET: randomBytes(32).toString("hex"),
              }
            : {}),
        },
      });
      if (hasDatabase) {
        await expect
          .poll(() => parley?.output() ?? "")
          .toMatch(new RegExp(`realtime: embedded, ${workers} workers\\)`));
      } else {
        const output = parley.output();
        expect(output).toContain("WEB_CONCURRENCY is ignored on the embedded database");
        expect(output).toMatch(/database: pglite, realtime: embedded\)/);
      }
      const launcherPid = parley.pid;
      expect(workerPids(launcherPid)).toHaveLength(hasDatabase ? workers : 0);

      // Fresh connections are dealt out to the workers in turn: every worker hands some over.
      const channel = `workers-${randomBytes(4).toString("hex")}`;
      const clients = [];
      for (let i = 0; i < 2 * workers + 1; i++) {
        const client = await openSocket(port, credentials.PUSHER_KEY, channel);
        sockets.push(client.socket);
        clients.push(client);
      }
      // The upgrade that used to end the launcher (and so the whole app) is refused through a
      // worker's hand-over; everything below shows the launcher still serving.
      for (let i = 0; i < workers; i++) {
        const answer = await rawUpgrade(port, upgradeRequest("/app/%E0%A4%A?protocol=7"));
        expect(answer).toMatchObject({ status: 101, closeCode: 4001 });
      }

      // The server SDK against the public port: a worker passes the request to the launcher.
      const sdk = new Pusher({
        appId: credentials.PUSHER_APP_ID,
        key: credentials.PUSHER_KEY,
        secret: credentials.PUSHER_SECRET,
        host: "127.0.0.1",
        port: String(port),
        useTLS: false,
      });
      const response = await sdk.trigger(channel, "hello", { n: 1 });
      expect(response.status).toBe(200);
      for (const { events } of clients)
        await expect
          .poll(() => events.filter((e) => e.event === "hello").map((e) => e.data))
          .toEqual(['{"n":1}']);
      // A wrong signature is refused by the realtime server, not by the relay.
      const forged = new Pusher({
        appId: credentials.PUSHER_APP_ID,
        key: credentials.PUSHER_KEY,
        secret: "not-the-secret",
        host: "127.0.0.1",
        port: String(port),
        useTLS: false,
      });
      await expect(forged.trigger(channel, "hello", { n: 2 })).rejects.toMatchObject({ status: 401 });

      // Two people chat live through the app.
      const people = await signUpTwoPeople(browser, { baseURL: parley.baseURL });
      closePeople = people.close;
      const { ana, ben, benAccount } = people;
      await startDirect(ana, benAccount, { query: benAccount.username });
      await send(ana, "hello through the workers", { waitUntilSent: false });
      await ben.getByRole("list", { name: "Conversations" }).getByRole("link").first().click();
      await expect(article(ben, "hello through the workers")).toHaveCount(1);
      await send(ben, "and back", { waitUntilSent: false });
      await expect(article(ana, "and back")).toHaveCount(1);

      if (hasDatabase) {
        // A worker that dies is replaced; the sockets it handed over never depended on it.
        const [victim] = workerPids(launcherPid);
        process.kill(victim as number, "SIGKILL");
        await expect.poll(() => parley?.output() ?? "").toContain("starting another");
        await expect
          .poll(() => workerPids(launcherPid).filter((pid) => pid !== victim))
          .toHaveLength(workers);
        await sdk.trigger(channel, "hello", { n: 3 });
        for (const { events } of clients)
          await expect.poll(() => events.filter((e) => e.event === "hello").length).toBe(2);
        await send(ana, "after a worker died", { waitUntilSent: false });
        await expect(article(ben, "after a worker died")).toHaveCount(1);
      }

      // Refused, not contained: the process guard had nothing to catch.
      expect(parley.output()).not.toContain(CONTAINED_ERROR_MARKER);

      // SIGTERM stops the launcher and every worker; sockets are closed with 4200 (reconnect).
      const pids = workerPids(launcherPid);
      const closes = clients.map(
        ({ socket }) => new Promise<number>((resolve) => socket.once("close", (code) => resolve(code))),
      );
      expect(await parley.stop()).toBe(0);
      parley = undefined;
      expect(await Promise.all(closes)).toEqual(clients.map(() => 4200));
      for (const pid of pids) expect(isRunning(pid)).toBe(false);
    } finally {
      for (const socket of sockets) socket.terminate();
      await closePeople?.();
      await parley?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
);
