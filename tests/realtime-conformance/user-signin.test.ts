import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connected, pusherJsClient, restClient } from "./clients";
import { RawClient } from "./raw-client";
import { embeddedTimings, extraApps, isEmbedded, startTarget, type Target } from "./target";

let target: Target;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(async () => {
  await target?.close();
});

async function signedIn(userId: string) {
  const { client, socketId } = await RawClient.connect(target);
  const { auth, user_data } = restClient(target).authenticateUser(socketId, { id: userId });
  client.send({ event: "pusher:signin", data: { auth, user_data } });
  const response = await client.next((frame) => frame.event === "pusher:signin_success");
  return { client, response, userData: user_data };
}

describe("user sign-in", () => {
  it("U1 accepts pusher:signin signed over socket_id::user::user_data", async () => {
    const { client, response, userData } = await signedIn("u1-user");
    expect(response.data).toEqual({ user_data: userData });
    client.close();
  });

  it("U2 a bad signature gets pusher:error 4009 and the socket is closed with 4009", async () => {
    const { client, socketId } = await RawClient.connect(target);
    const { user_data } = restClient(target).authenticateUser(socketId, { id: "victim" });
    const { auth } = restClient(target).authenticateUser(socketId, { id: "attacker" });
    client.send({ event: "pusher:signin", data: { auth, user_data } });
    const error = await client.next((frame) => frame.event === "pusher:error");
    expect(error.data).toMatchObject({ code: 4009 });
    expect(await client.closed).toBe(4009);
  });

  it("U2 user_data without a non-empty string id is refused", async () => {
    const { client, socketId } = await RawClient.connect(target);
    // The SDK refuses to sign this, so sign it by hand: the server must still refuse it.
    const user_data = JSON.stringify({ name: "no id" });
    const signature = createHmac("sha256", target.secret)
      .update(`${socketId}::user::${user_data}`)
      .digest("hex");
    const auth = `${target.key}:${signature}`;
    client.send({ event: "pusher:signin", data: { auth, user_data } });
    expect((await client.next((frame) => frame.event === "pusher:error")).data).toMatchObject({ code: 4009 });
    expect(await client.closed).toBe(4009);
  });

  it("U3 only the signed-in user may join #server-to-user-{id}", async () => {
    const { client: anonymous } = await RawClient.connect(target);
    const refused = await anonymous.subscribe("#server-to-user-u3-owner");
    expect(refused.event).not.toBe("pusher_internal:subscription_succeeded");

    const other = await signedIn("u3-other");
    const alsoRefused = await other.client.subscribe("#server-to-user-u3-owner");
    expect(alsoRefused.event).not.toBe("pusher_internal:subscription_succeeded");

    const owner = await signedIn("u3-owner");
    const accepted = await owner.client.subscribe("#server-to-user-u3-owner");
    expect(accepted.event).toBe("pusher_internal:subscription_succeeded");

    await restClient(target).sendToUser("u3-owner", "direct", { secret: 1 });
    expect((await owner.client.next((frame) => frame.event === "direct")).data).toBe(
      JSON.stringify({ secret: 1 }),
    );
    for (const client of [anonymous, other.client]) {
      await client.barrier();
      expect(client.all((frame) => frame.event === "direct")).toEqual([]);
    }
    for (const client of [anonymous, other.client, owner.client]) client.close();
  });

  it("U3 pusher-js signin() receives events sent to its user", async () => {
    const client = pusherJsClient(target, { userId: "u3-pusherjs" });
    try {
      await connected(client);
      client.signin();
      await client.user.signinDonePromise;
      const received = new Promise((resolve) => client.user.bind("notice", resolve));
      // The #server-to-user channel is subscribed right after sign-in; give it a moment.
      await new Promise((resolve) => setTimeout(resolve, 100));
      await restClient(target).sendToUser("u3-pusherjs", "notice", { n: 3 });
      expect(await received).toEqual({ n: 3 });
    } finally {
      client.disconnect();
    }
  });

  // soketi's enableUserAuthentication, on an app of the embedded server's own (soketi's timeout
  // is a fixed 30 s): terminate_connections finds sockets by user, so one that never signs in
  // would keep its private channels after its session was revoked.
  it.runIf(isEmbedded)(
    "U4 on an app that requires it, a socket not signed in within the timeout gets 4009 and is closed",
    async () => {
      const onApp = {
        ...target,
        appId: extraApps.mustSignIn.id,
        key: extraApps.mustSignIn.key,
        secret: extraApps.mustSignIn.secret,
      };
      const timeoutMs = embeddedTimings.heartbeat.userAuthenticationTimeoutMs;
      const lurker = await RawClient.connect(onApp);
      // Channel auth alone is not enough: it names no user to terminate.
      const channel = "private-u4-room";
      const { auth } = restClient(onApp).authorizeChannel(lurker.socketId, channel);
      expect((await lurker.client.subscribe(channel, { auth })).event).toBe(
        "pusher_internal:subscription_succeeded",
      );
      const member = await RawClient.connect(onApp);
      const signature = restClient(onApp).authenticateUser(member.socketId, { id: "u4-member" });
      member.client.send({ event: "pusher:signin", data: signature });
      await member.client.next((frame) => frame.event === "pusher:signin_success");
      const elsewhere = await RawClient.connect(target);

      const error = await lurker.client.next((frame) => frame.event === "pusher:error", timeoutMs + 5_000);
      expect(error.data).toEqual({ code: 4009, message: "Connection not authorized within timeout." });
      expect(await lurker.client.closed).toBe(4009);
      // The signed-in socket, and a socket of an app that does not require sign-in, stay open.
      await new Promise((resolve) => setTimeout(resolve, timeoutMs));
      await member.client.barrier();
      await elsewhere.client.barrier();
      expect(member.client.all((frame) => frame.event === "pusher:error")).toEqual([]);
      expect(elsewhere.client.all((frame) => frame.event === "pusher:error")).toEqual([]);
      member.client.close();
      elsewhere.client.close();
    },
  );
});
