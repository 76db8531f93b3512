import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountSummary } from "@/lib/accounts/types";
import { revokeSession } from "@/lib/auth/revoke";
import { readSessionUser } from "@/lib/auth/session-reader";
import { createPerson } from "@/lib/chat/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { waitFor } from "@/tests/realtime-conformance/wait";
import { startTestRealtime, subscribe, type TestRealtime } from "@/tests/support/chat-realtime";
import { userChannel } from "./channels";
import { publish } from "./publish";
import { recoverFromTermination } from "./termination";

// The browser side of a revocation, with pusher-js against the embedded server: terminate_connections
// closes every socket of the user with 4009, which pusher-js will not retry on its own. The device
// whose session is still valid comes back and receives again; the revoked one is shown signed out.

let database: TestDatabase;
let realtime: TestRealtime;
let ana: AccountSummary;
const env = { AUTH_SECRET: "termination-test-secret-0123456789abcdef" };
const COOKIE = "authjs.session-token";

beforeAll(async () => {
  database = await createTestDatabase();
  realtime = await startTestRealtime();
  ana = await createPerson("Ana");
});
afterAll(async () => {
  await realtime?.close();
  await database?.drop();
});

async function device(sid: string) {
  const cookie = `${COOKIE}=${await encode({ token: { sub: ana.id, sessionVersion: 0, sid }, secret: env.AUTH_SECRET, salt: COOKIE, maxAge: 3600 })}`;
  const session = () =>
    readSessionUser({ headers: new Headers({ cookie, "x-forwarded-proto": "http" }), env });
  const { client } = await realtime.connect(ana, { signIn: true, session });
  const received: number[] = [];
  const channel = await subscribe(client, userChannel(ana.id));
  channel.bind("realtime.ping", (data: { sentAt: number }) => received.push(data.sentAt));
  const ended: string[] = [];
  const stop = recoverFromTermination(client.connection, {
    isSessionValid: async () => (await session()) !== null,
    onSessionEnded: () => ended.push(sid),
    delay: () => 50,
  });
  return { client, received, ended, stop, firstSocketId: client.connection.socket_id };
}

describe("recoverFromTermination", () => {
  it("brings back the device whose session is valid and shows the revoked one signed out", async () => {
    const laptop = await device("laptop");
    const phone = await device("phone");

    await revokeSession({ userId: ana.id, sessionId: "phone" });

    await waitFor(() => phone.ended.length === 1, { what: "the phone to be told it is signed out" });
    expect(phone.client.connection.state).toBe("disconnected");
    expect(laptop.ended).toEqual([]);
    await waitFor(() => laptop.client.connection.state === "connected", { what: "the laptop to reconnect" });
    expect(laptop.client.connection.socket_id).not.toBe(laptop.firstSocketId);
    await waitFor(() => laptop.client.channel(userChannel(ana.id))?.subscribed, {
      what: "the resubscription",
    });

    await publish(userChannel(ana.id), "realtime.ping", { from: "test", sentAt: 1 });
    await waitFor(() => laptop.received.length === 1, { what: "the laptop to receive again" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(phone.received).toEqual([]);
    expect(phone.client.connection.state).toBe("disconnected");
    laptop.stop();
    phone.stop();
  });

  it("leaves a connection closed for another reason, or on purpose, alone", async () => {
    const tablet = await device("tablet");
    const checks: string[] = [];
    tablet.stop();
    const stop = recoverFromTermination(tablet.client.connection, {
      isSessionValid: async () => {
        checks.push("asked");
        return true;
      },
      onSessionEnded: () => checks.push("ended"),
      delay: () => 10,
    });
    tablet.client.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(checks).toEqual([]);
    expect(tablet.client.connection.state).toBe("disconnected");
    stop();
  });
});
