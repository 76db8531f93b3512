import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restClient } from "./clients";
import { RawClient } from "./raw-client";
import { signedFetch } from "./signed-request";
import { extraApps, isEmbedded, startTarget, type Target } from "./target";

let target: Target;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(async () => {
  await target?.close();
});

const event = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: "r-event", data: "payload", channels: ["r-channel"], ...extra });
const post = (body: string, extra: Partial<Parameters<typeof signedFetch>[1]> = {}) =>
  signedFetch(target, { method: "POST", path: "/events", body, ...extra });

describe("HTTP API", () => {
  it("R1 accepts a correctly signed request (independent signer and the SDK)", async () => {
    expect((await post(event())).status).toBe(200);
    expect((await restClient(target).trigger("r-channel", "r-event", { ok: true })).status).toBe(200);
  });

  it("R1 rejects timestamps more than 600 s from now (replays), accepts within the window", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await post(event(), { timestamp: now - 601 })).status).toBe(401);
    expect((await post(event(), { timestamp: now + 601 })).status).toBe(401);
    expect((await post(event(), { timestamp: now - 500 })).status).toBe(200);
  });

  it("R1 rejects a body that does not match body_md5, and a missing body_md5", async () => {
    const tamperedBody = await post(event(), {
      tamper: (query) => {
        query.body_md5 = "0".repeat(32);
      },
    });
    expect(tamperedBody.status).toBe(401);
    const missing = await post(event(), {
      tamper: (query) => {
        delete query.body_md5;
      },
    });
    expect(missing.status).toBe(401);
  });

  it("R2 401 for a bad signature or wrong secret, 404 for an unknown app", async () => {
    expect((await post(event(), { secret: "wrong-secret" })).status).toBe(401);
    const flipped = await post(event(), {
      tamper: (query) => {
        query.auth_signature = (query.auth_signature as string).replace(/.$/, (c) => (c === "a" ? "b" : "a"));
      },
    });
    expect(flipped.status).toBe(401);
    const unknown = await signedFetch(
      { ...target, appId: "no-such-app" },
      { method: "POST", path: "/events", body: event() },
    );
    expect(unknown.status).toBe(404);
  });

  it("R2 400 for a malformed body, 413 for data over 10 KB", async () => {
    expect((await post("{not json")).status).toBe(400);
    expect((await post(JSON.stringify({ data: "x", channels: ["a"] }))).status).toBe(400);
    expect(
      (await post(JSON.stringify({ name: "e", data: { not: "a string" }, channels: ["a"] }))).status,
    ).toBe(400);
    expect((await post(event({ channels: ["bad name!"] }))).status).toBe(400);
    expect((await post(event({ data: "x".repeat(10 * 1024 + 1) }))).status).toBe(413);
    expect((await post(event({ data: "x".repeat(10 * 1024) }))).status).toBe(200);
  });

  it.runIf(isEmbedded)("R2 413 for an oversized raw body, 403 for a disabled app", async () => {
    expect((await post(JSON.stringify({ pad: "x".repeat(400 * 1024) }))).status).toBe(413);
    const disabled = {
      ...target,
      appId: extraApps.disabled.id,
      key: extraApps.disabled.key,
      secret: extraApps.disabled.secret,
    };
    const response = await signedFetch(disabled, { method: "POST", path: "/events", body: event() });
    expect(response.status).toBe(403);
  });

  it("R3 publishes to up to 100 channels, excludes socket_id, answers {} or channel info", async () => {
    const sender = await RawClient.connect(target);
    const other = await RawClient.connect(target);
    await sender.client.subscribe("r3-a");
    await other.client.subscribe("r3-b");
    const response = await post(
      event({
        name: "r3",
        channels: ["r3-a", "r3-b"],
        socket_id: sender.socketId,
        info: "subscription_count",
      }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      channels: { "r3-a": { subscription_count: 1 }, "r3-b": { subscription_count: 1 } },
    });
    expect((await other.client.next((frame) => frame.event === "r3")).channel).toBe("r3-b");
    await sender.client.barrier();
    expect(sender.client.all((frame) => frame.event === "r3")).toEqual([]);

    expect(await (await post(event())).json()).toEqual({});
    const tooMany = Array.from({ length: 101 }, (_, i) => `r3-${i}`);
    expect((await post(event({ channels: tooMany }))).status).toBe(400);
    sender.client.close();
    other.client.close();
  });

  it("R4 batch_events takes up to 10 events", async () => {
    const { client } = await RawClient.connect(target);
    await client.subscribe("r4");
    const batch = Array.from({ length: 10 }, (_, i) => ({
      channel: "r4",
      name: "r4-event",
      data: String(i),
    }));
    const response = await restClient(target).triggerBatch(batch);
    expect(await response.json()).toEqual({});
    await client.barrier();
    expect(client.all((frame) => frame.event === "r4-event").map((frame) => frame.data)).toEqual(
      batch.map((item) => item.data),
    );
    const tooMany = JSON.stringify({ batch: [...batch, batch[0]] });
    expect((await signedFetch(target, { method: "POST", path: "/batch_events", body: tooMany })).status).toBe(
      400,
    );
    const withInfo = JSON.stringify({ batch: [{ ...batch[0], info: "subscription_count" }] });
    const infoResponse = await signedFetch(target, { method: "POST", path: "/batch_events", body: withInfo });
    expect(await infoResponse.json()).toEqual({ batch: [{ subscription_count: 1 }] });
    client.close();
  });

  async function presenceMember(channel: string, userId: string) {
    const { client, socketId } = await RawClient.connect(target);
    const signed = restClient(target).authorizeChannel(socketId, channel, { user_id: userId });
    await client.subscribe(channel, { auth: signed.auth, channel_data: signed.channel_data });
    return client;
  }

  it("R5 lists occupied channels, filtered by prefix, with user_count for presence", async () => {
    const { client } = await RawClient.connect(target);
    await client.subscribe("r5-listed");
    const members = [await presenceMember("presence-r5", "a"), await presenceMember("presence-r5", "b")];
    const rest = restClient(target);
    const all = (await (
      await rest.get({ path: "/channels", params: { filter_by_prefix: "r5-" } })
    ).json()) as {
      channels: Record<string, unknown>;
    };
    expect(all).toEqual({ channels: { "r5-listed": {} } });
    const presence = await rest.get({
      path: "/channels",
      params: { filter_by_prefix: "presence-r5", info: "user_count" },
    });
    expect(await presence.json()).toEqual({ channels: { "presence-r5": { user_count: 2 } } });
    for (const member of [client, ...members]) member.close();
  });

  it("R6 channel info reports occupied, user_count and subscription_count", async () => {
    const members = [await presenceMember("presence-r6", "a"), await presenceMember("presence-r6", "a")];
    const rest = restClient(target);
    const info = await rest.get({
      path: "/channels/presence-r6",
      params: { info: "user_count,subscription_count" },
    });
    expect(await info.json()).toEqual({ occupied: true, user_count: 1, subscription_count: 2 });
    const empty = await rest.get({ path: "/channels/r6-empty" });
    expect(await empty.json()).toMatchObject({ occupied: false });
    for (const member of members) member.close();
  });

  it("R7 lists presence users; 400 for a non-presence channel", async () => {
    const members = [await presenceMember("presence-r7", "x"), await presenceMember("presence-r7", "y")];
    const response = await restClient(target).get({ path: "/channels/presence-r7/users" });
    const { users } = (await response.json()) as { users: Array<{ id: string }> };
    expect(users.map((user) => user.id).sort()).toEqual(["x", "y"]);
    const refused = await signedFetch(target, { method: "GET", path: "/channels/private-r7/users" });
    expect(refused.status).toBe(400);
    for (const member of members) member.close();
  });

  it("R8 terminate_connections closes that user's sockets with 4009", async () => {
    const sockets = [];
    for (const userId of ["r8-user", "r8-user", "r8-bystander"]) {
      const { client, socketId } = await RawClient.connect(target);
      const { auth, user_data } = restClient(target).authenticateUser(socketId, { id: userId });
      client.send({ event: "pusher:signin", data: { auth, user_data } });
      await client.next((frame) => frame.event === "pusher:signin_success");
      sockets.push(client);
    }
    const response = await restClient(target).terminateUserConnections("r8-user");
    expect(await response.json()).toEqual({});
    expect(await sockets[0]?.closed).toBe(4009);
    expect(await sockets[1]?.closed).toBe(4009);
    await sockets[2]?.barrier();
    expect(sockets[2]?.closeCode).toBeUndefined();
    sockets[2]?.close();
  });
});
