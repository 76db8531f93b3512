import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restClient } from "./clients";
import { RawClient } from "./raw-client";
import { hasWebhooks, startTarget, type Target } from "./target";
import { waitFor } from "./wait";

let target: Target;
beforeAll(async () => {
  if (hasWebhooks) target = await startTarget({ withWebhooks: true });
});
afterAll(async () => {
  await target?.close();
});

const eventsFor = (channel: string) =>
  target.webhooks?.events().filter((event) => event.channel === channel) ?? [];
const waitForEvent = (channel: string, name: string) =>
  waitFor(() => eventsFor(channel).find((event) => event.name === name), {
    what: `${name} webhook on ${channel}`,
  });

async function member(channel: string, userId?: string) {
  const { client, socketId } = await RawClient.connect(target);
  const signed = restClient(target).authorizeChannel(
    socketId,
    channel,
    userId ? { user_id: userId } : undefined,
  );
  await client.subscribe(channel, { auth: signed.auth, channel_data: signed.channel_data });
  return { client, socketId };
}

// Against an external server these run only when REALTIME_TARGET_WEBHOOK_PORT says where it posts.
describe.runIf(hasWebhooks)("webhooks", () => {
  it("W1 posts {time_ms, events} as exactly application/json, signed so the SDK validates it", async () => {
    const { client } = await RawClient.connect(target);
    await client.subscribe("w1-channel");
    await waitForEvent("w1-channel", "channel_occupied");
    const hook = target.webhooks?.received.find((received) => received.rawBody.includes('"w1-channel"'));
    expect(hook).toBeDefined();
    if (!hook) return;
    expect(hook.headers["content-type"]).toBe("application/json");
    expect(hook.headers["x-pusher-key"]).toBe(target.key);
    const body = JSON.parse(hook.rawBody) as { time_ms: unknown; events: unknown };
    expect(typeof body.time_ms).toBe("number");
    expect(Array.isArray(body.events)).toBe(true);
    const webhook = restClient(target).webhook({
      headers: hook.headers as Record<string, string>,
      rawBody: hook.rawBody,
    });
    expect(webhook.isValid()).toBe(true);
    const forged = restClient({ ...target, secret: "other-secret" }).webhook({
      headers: hook.headers as Record<string, string>,
      rawBody: hook.rawBody,
    });
    expect(forged.isValid()).toBe(false);
    client.close();
  });

  it("W2 channel_occupied and channel_vacated carry the channel", async () => {
    const { client } = await RawClient.connect(target);
    await client.subscribe("w2-public");
    expect(await waitForEvent("w2-public", "channel_occupied")).toEqual({
      name: "channel_occupied",
      channel: "w2-public",
    });
    client.send({ event: "pusher:unsubscribe", data: { channel: "w2-public" } });
    expect(await waitForEvent("w2-public", "channel_vacated")).toEqual({
      name: "channel_vacated",
      channel: "w2-public",
    });
    client.close();
  });

  it("W2 member_added and member_removed carry channel and user_id", async () => {
    const joined = await member("presence-w2", "w2-user");
    expect(await waitForEvent("presence-w2", "member_added")).toEqual({
      name: "member_added",
      channel: "presence-w2",
      user_id: "w2-user",
    });
    joined.client.close();
    expect(await waitForEvent("presence-w2", "member_removed")).toEqual({
      name: "member_removed",
      channel: "presence-w2",
      user_id: "w2-user",
    });
  });

  it("W2 client_event carries channel, event, data as a string, socket_id and user_id", async () => {
    const sender = await member("presence-w2-client", "w2-sender");
    sender.client.send({ event: "client-note", channel: "presence-w2-client", data: { text: "hi" } });
    const hook = await waitForEvent("presence-w2-client", "client_event");
    expect(hook).toEqual({
      name: "client_event",
      channel: "presence-w2-client",
      event: "client-note",
      data: JSON.stringify({ text: "hi" }),
      socket_id: sender.socketId,
      user_id: "w2-sender",
    });
    sender.client.close();
  });

  it("W3 retries a failing endpoint with back-off, without blocking sockets", async () => {
    target.webhooks?.failNext(2);
    const before = target.webhooks?.failedAttempts ?? 0;
    const { client } = await RawClient.connect(target);
    await client.subscribe("w3-channel");
    // While deliveries fail, the socket keeps answering at once.
    const startedAt = Date.now();
    await client.barrier();
    expect(Date.now() - startedAt).toBeLessThan(500);
    expect(await waitForEvent("w3-channel", "channel_occupied")).toMatchObject({ channel: "w3-channel" });
    expect((target.webhooks?.failedAttempts ?? 0) - before).toBe(2);
    client.close();
  });
});
