import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restClient } from "./clients";
import { type Frame, RawClient } from "./raw-client";
import { startTarget, type Target } from "./target";

let target: Target;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(async () => {
  await target?.close();
});

const isSucceeded = (frame: Frame) => frame.event === "pusher_internal:subscription_succeeded";

async function expectAuthError(response: Frame) {
  expect(response.event).toBe("pusher:subscription_error");
  expect(response.data).toMatchObject({ type: "AuthError", status: 401 });
  expect(typeof (response.data as { error: unknown }).error).toBe("string");
}

/** Publishes on `channel` and checks that `client` did not receive it. */
async function expectNotDelivered(client: RawClient, channel: string) {
  await restClient(target).trigger(channel, "probe", "should-not-arrive");
  await client.barrier();
  expect(client.all((frame) => frame.event === "probe")).toEqual([]);
}

describe("subscriptions", () => {
  it('S1 subscribe to a public channel answers subscription_succeeded with data "{}"', async () => {
    const { client } = await RawClient.connect(target);
    const response = await client.subscribe("s1-public");
    expect(response).toEqual({
      event: "pusher_internal:subscription_succeeded",
      channel: "s1-public",
      data: "{}",
    });
    client.close();
  });

  it("S1 subscribe to a private channel with valid auth succeeds", async () => {
    const { client, socketId } = await RawClient.connect(target);
    const { auth } = restClient(target).authorizeChannel(socketId, "private-s1");
    const response = await client.subscribe("private-s1", { auth });
    expect(response).toMatchObject({
      event: "pusher_internal:subscription_succeeded",
      channel: "private-s1",
    });
    client.close();
  });

  it("S2 accepts every allowed character and refuses others, overlong names and the # prefix", async () => {
    const { client } = await RawClient.connect(target);
    expect(isSucceeded(await client.subscribe("Az09-_=@,.;"))).toBe(true);
    expect(isSucceeded(await client.subscribe("x".repeat(164)))).toBe(true);
    for (const bad of ["has space", "slash/y", "ünïcode", "x".repeat(201), "#reserved"]) {
      client.send({ event: "pusher:subscribe", data: { channel: bad } });
      await client.barrier();
      expect(client.all((frame) => frame.channel === bad && isSucceeded(frame))).toEqual([]);
    }
    client.close();
  });

  it("S2 type prefixes match only at the start of the name", async () => {
    const { client } = await RawClient.connect(target);
    // Public channels that merely contain a prefix need no auth…
    expect(isSucceeded(await client.subscribe("my-private-room"))).toBe(true);
    expect(isSucceeded(await client.subscribe("not-presence-room"))).toBe(true);
    // …while a real prefix does.
    await expectAuthError(await client.subscribe("private-room"));
    client.close();
  });

  it("S3 refuses forged private auth (wrong secret, socket, channel) and does not subscribe", async () => {
    const { client, socketId } = await RawClient.connect(target);
    const forger = restClient({ ...target, secret: "not-the-secret" });
    const attempts = [
      forger.authorizeChannel(socketId, "private-s3").auth,
      restClient(target).authorizeChannel("1.1", "private-s3").auth,
      restClient(target).authorizeChannel(socketId, "private-other").auth,
      `${target.key}:`,
      "garbage",
    ];
    for (const auth of attempts) await expectAuthError(await client.subscribe("private-s3", { auth }));
    await expectAuthError(await client.subscribe("private-s3"));
    await expectNotDelivered(client, "private-s3");
    client.close();
  });

  it("S3 presence auth signs the exact channel_data string", async () => {
    const { client, socketId } = await RawClient.connect(target);
    const signed = restClient(target).authorizeChannel(socketId, "presence-s3", { user_id: "u1" });
    const tampered = (signed.channel_data as string).replace("u1", "u2");
    await expectAuthError(
      await client.subscribe("presence-s3", { auth: signed.auth, channel_data: tampered }),
    );
    await expectNotDelivered(client, "presence-s3");
    const ok = await client.subscribe("presence-s3", {
      auth: signed.auth,
      channel_data: signed.channel_data,
    });
    expect(isSucceeded(ok)).toBe(true);
    client.close();
  });

  it("S4 private-encrypted channels relay payloads untouched and refuse client events", async () => {
    const rest = restClient(target);
    const a = await RawClient.connect(target);
    const b = await RawClient.connect(target);
    for (const { client, socketId } of [a, b]) {
      const { auth } = rest.authorizeChannel(socketId, "private-encrypted-s4");
      expect(isSucceeded(await client.subscribe("private-encrypted-s4", { auth }))).toBe(true);
    }
    const ciphertext = JSON.stringify({ nonce: "bm9uY2U=", ciphertext: "Y2lwaGVy" });
    // Posted raw: trigger() would encrypt it. The SDK JSON-encodes `body` although its types say string.
    const body = { name: "secret", data: ciphertext, channels: ["private-encrypted-s4"] };
    await rest.post({ path: "/events", body: body as unknown as string });
    expect((await b.client.next((frame) => frame.event === "secret")).data).toBe(ciphertext);

    a.client.send({ event: "client-leak", channel: "private-encrypted-s4", data: { x: 1 } });
    await a.client.barrier();
    await b.client.barrier();
    expect(b.client.all((frame) => frame.event === "client-leak")).toEqual([]);
    a.client.close();
    b.client.close();
  });

  it("S5 subscribe twice is one subscription; unsubscribe needs no reply, stops events and is idempotent", async () => {
    const { client } = await RawClient.connect(target);
    const rest = restClient(target);
    await client.subscribe("s5-channel");
    await client.subscribe("s5-channel");
    await rest.trigger("s5-channel", "once", "1");
    await client.barrier();
    expect(client.all((frame) => frame.event === "once")).toHaveLength(1);

    const before = client.frames.length;
    client.send({ event: "pusher:unsubscribe", data: { channel: "s5-channel" } });
    await client.barrier();
    expect(client.frames.slice(before).map((frame) => frame.event)).toEqual(["pusher:pong"]);
    client.send({ event: "pusher:unsubscribe", data: { channel: "s5-channel" } });
    await expectNotDelivered(client, "s5-channel");
    client.close();
  });

  it("S6 cache channels replay the last event after subscribe, else pusher:cache_miss", async () => {
    const rest = restClient(target);
    await rest.trigger("cache-s6", "latest", "first");
    await rest.trigger("cache-s6", "latest", "second");
    const { client } = await RawClient.connect(target);
    await client.subscribe("cache-s6");
    expect(await client.next((frame) => frame.event === "latest")).toMatchObject({
      channel: "cache-s6",
      data: "second",
    });

    await client.subscribe("cache-s6-empty");
    expect(await client.next((frame) => frame.event === "pusher:cache_miss")).toMatchObject({
      channel: "cache-s6-empty",
    });
    client.close();
  });
});
