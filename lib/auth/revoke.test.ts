import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changePassword } from "@/lib/accounts/change-password";
import { createAccount } from "@/lib/accounts/create-account";
import { deleteAccount } from "@/lib/accounts/delete-account";
import type { AccountSummary } from "@/lib/accounts/types";
import { createPerson } from "@/lib/chat/testing/fixtures";
import { getDb } from "@/lib/db";
import { userChannel } from "@/lib/realtime/channels";
import { publish } from "@/lib/realtime/publish";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { waitFor } from "@/tests/realtime-conformance/wait";
import {
  type PusherJsClient,
  startTestRealtime,
  subscribe,
  type TestRealtime,
} from "@/tests/support/chat-realtime";
import { redisStore, testAuthLimiters } from "@/tests/support/rate-limit-stores";
import { endAllSessions, revokeCurrentSession, revokeSession, SESSION_MAX_AGE_S } from "./revoke";
import { readSessionUser } from "./session-reader";

// Every way a session ends: the token is refused by the one session check (which channel and
// user authorisation use), and the user's open realtime connections are closed at once.

let database: TestDatabase;
let realtime: TestRealtime;
const store = redisStore();
const env = { AUTH_SECRET: "revoke-test-secret-0123456789abcdef0123" };
const COOKIE = "authjs.session-token";

beforeAll(async () => {
  database = await createTestDatabase();
  realtime = await startTestRealtime();
});
afterAll(async () => {
  await realtime?.close();
  await database?.drop();
  store.client.disconnect();
});

async function cookieFor(claims: Record<string, unknown>): Promise<string> {
  return `${COOKIE}=${await encode({ token: claims, secret: env.AUTH_SECRET, salt: COOKIE, maxAge: 3600 })}`;
}

function sessionOf(cookie: string) {
  return () => readSessionUser({ headers: new Headers({ cookie, "x-forwarded-proto": "http" }), env });
}

/** A signed-in pusher-js client of `person` listening on their user channel, with what it receives and why it closed. */
async function listeningDevice(person: AccountSummary, cookie: string) {
  const { client } = await realtime.connect(person, { signIn: true, session: sessionOf(cookie) });
  const received: unknown[] = [];
  const errorCodes: unknown[] = [];
  client.connection.bind("error", (error: { data?: { code?: unknown } }) =>
    errorCodes.push(error?.data?.code),
  );
  const refusals: unknown[] = [];
  const channel = await subscribe(client, userChannel(person.id));
  channel.bind("realtime.ping", (data: unknown) => received.push(data));
  channel.bind("pusher:subscription_error", (error: unknown) => refusals.push(error));
  return { client, received, errorCodes, refusals };
}

async function ping(person: AccountSummary, sentAt: number) {
  await publish(userChannel(person.id), "realtime.ping", { from: "test", sentAt });
}

const isClosed = (client: PusherJsClient) => client.connection.state === "disconnected";

/** terminate_connections is awaited: the close frame is already on its way when it returns. */
function closedSoon(client: PusherJsClient) {
  return waitFor(() => isClosed(client), { timeoutMs: 1_000, what: "the socket to be closed" });
}

describe("revokeSession (Sign out on one device)", () => {
  it("refuses that session's token from then on, keeps the others, and closes the user's sockets with 4009", async () => {
    const ana = await createPerson("Ana");
    const cat = await createPerson("Cat");
    const phone = await cookieFor({ sub: ana.id, sessionVersion: 0, sid: "phone-session-id" });
    const laptop = await cookieFor({ sub: ana.id, sessionVersion: 0, sid: "laptop-session-id" });
    const legacy = await cookieFor({ sub: ana.id, sessionVersion: 0 });
    const catCookie = await cookieFor({ sub: cat.id, sessionVersion: 0, sid: "cat-session-id" });
    const anaPhone = await listeningDevice(ana, phone);
    const anaLaptop = await listeningDevice(ana, laptop);
    const bystander = await listeningDevice(cat, catCookie);
    await getDb().revokedSession.create({
      data: { id: "long-gone", expiresAt: new Date(Date.now() - 1_000) },
    });

    const now = new Date();
    await revokeSession({ userId: ana.id, sessionId: "phone-session-id", now });

    expect(await sessionOf(phone)()).toBeNull();
    expect(await sessionOf(laptop)()).toEqual(ana);
    expect(await sessionOf(legacy)()).toEqual(ana);
    const row = await getDb().revokedSession.findUnique({ where: { id: "phone-session-id" } });
    expect(row?.expiresAt.getTime()).toBe(now.getTime() + SESSION_MAX_AGE_S * 1000);
    expect(await getDb().revokedSession.findUnique({ where: { id: "long-gone" } })).toBeNull();

    await closedSoon(anaPhone.client);
    await closedSoon(anaLaptop.client);
    expect(anaPhone.errorCodes).toContain(4009);
    await ping(ana, 1);
    await ping(cat, 2);
    await waitFor(() => bystander.received.length === 1, { what: "the other user's event" });
    expect(anaPhone.received).toEqual([]);
    expect(anaLaptop.received).toEqual([]);

    // The revoked device cannot come back: on a new socket its channel authorisation and its
    // user sign-in are refused, so it receives nothing.
    anaPhone.client.connect();
    await waitFor(() => anaPhone.refusals.length > 0, { what: "the resubscription to be refused" });
    expect(anaPhone.client.channel(userChannel(ana.id))?.subscribed).toBe(false);
    expect(anaPhone.client.user.user_data).toBeNull();
    await ping(ana, 5);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(anaPhone.received).toEqual([]);
  });

  it("revoking twice is harmless", async () => {
    const ben = await createPerson("Ben");
    await revokeSession({ userId: ben.id, sessionId: "twice" });
    await revokeSession({ userId: ben.id, sessionId: "twice" });
    expect(await getDb().revokedSession.count({ where: { id: "twice" } })).toBe(1);
  });
});

describe("revokeCurrentSession (the Sign out action)", () => {
  const headersOf = (cookie: string) => new Headers({ cookie, "x-forwarded-proto": "http" });

  it("revokes the cookie's session once; a replay of the signed-out cookie closes nobody's sockets", async () => {
    const eve = await createPerson("Eve");
    const signedOut = await cookieFor({ sub: eve.id, sessionVersion: 0, sid: "eve-signed-out" });
    const other = await cookieFor({ sub: eve.id, sessionVersion: 0, sid: "eve-other" });
    const first = await listeningDevice(eve, other);

    await revokeCurrentSession({ headers: headersOf(signedOut), env });
    expect(await sessionOf(signedOut)()).toBeNull();
    expect(await sessionOf(other)()).toEqual(eve);
    await closedSoon(first.client);

    // The other device is back on a new socket; the stolen copy of the old cookie signs out again.
    const second = await listeningDevice(eve, other);
    await revokeCurrentSession({ headers: headersOf(signedOut), env });
    await revokeCurrentSession({ headers: headersOf("authjs.session-token=garbage"), env });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(second.client.connection.state).toBe("connected");
    await ping(eve, 6);
    await waitFor(() => second.received.length === 1, { what: "the other device to keep receiving" });
  });
});

describe("endAllSessions (Sign out of all devices, or an administrator)", () => {
  it("refuses every token of the user and closes their sockets", async () => {
    const dan = await createPerson("Dan");
    const one = await cookieFor({ sub: dan.id, sessionVersion: 0, sid: "dan-one" });
    const two = await cookieFor({ sub: dan.id, sessionVersion: 0, sid: "dan-two" });
    const devices = [await listeningDevice(dan, one), await listeningDevice(dan, two)];

    await endAllSessions({ userId: dan.id });

    expect(await sessionOf(one)()).toBeNull();
    expect(await sessionOf(two)()).toBeNull();
    for (const device of devices) await closedSoon(device.client);
    await ping(dan, 3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const device of devices) expect(device.received).toEqual([]);
  });
});

describe("account changes close the user's sockets", () => {
  const password = "babbage difference engine";

  async function account(username: string) {
    const limiters = testAuthLimiters(store, `revoke-${username}`);
    const created = await createAccount({
      db: database.db,
      limiters,
      input: { email: `${username}@example.com`, username, displayName: username, password },
      ip: "203.0.113.90",
    });
    const summary = { id: created.id, username, displayName: username, avatar: null };
    const cookie = await cookieFor({
      sub: created.id,
      sessionVersion: created.sessionVersion,
      sid: `${username}-sid`,
    });
    return { limiters, summary, cookie };
  }

  it("changing the password: an old session's socket is closed and receives nothing more", async () => {
    const { limiters, summary, cookie } = await account("ada_revoke");
    const stolen = await listeningDevice(summary, cookie);
    await changePassword({
      db: database.db,
      limiters,
      actor: { id: summary.id },
      input: { currentPassword: password, newPassword: "lovelace analytical notes g" },
    });
    await closedSoon(stolen.client);
    expect(stolen.errorCodes).toContain(4009);
    expect(await sessionOf(cookie)()).toBeNull();
    await ping(summary, 4);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stolen.received).toEqual([]);
  });

  it("deleting the account: every socket is closed", async () => {
    const { limiters, summary, cookie } = await account("grace_revoke");
    const device = await listeningDevice(summary, cookie);
    await deleteAccount({
      db: database.db,
      limiters,
      actor: { id: summary.id },
      input: { confirmUsername: "grace_revoke", password },
    });
    await closedSoon(device.client);
    expect(await sessionOf(cookie)()).toBeNull();
  });
});
