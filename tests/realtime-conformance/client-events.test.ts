import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restClient } from "./clients";
import { RawClient } from "./raw-client";
import { extraApps, isEmbedded, startTarget, type Target } from "./target";

let target: Target;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(async () => {
  await target?.close();
});

async function member(channel: string, userId?: string, on: Target = target) {
  const { client, socketId } = await RawClient.connect(on);
  const signed = restClient(on).authorizeChannel(socketId, channel, userId ? { user_id: userId } : undefined);
  const response = await client.subscribe(channel, { auth: signed.auth, channel_data: signed.channel_data });
  expect(response.event).toBe("pusher_internal:subscription_succeeded");
  return client;
}

describe("client events", () => {
  it("E1 relays client-* on a private channel to the others, never echoing the sender", async () => {
    const sender = await member("private-e1");
    const receiver = await member("private-e1");
    sender.send({ event: "client-typing", channel: "private-e1", data: { typing: true } });
    const frame = await receiver.next((f) => f.event === "client-typing");
    expect(frame).toEqual({ event: "client-typing", channel: "private-e1", data: { typing: true } });
    await sender.barrier();
    expect(sender.all((f) => f.event === "client-typing")).toEqual([]);
    sender.close();
    receiver.close();
  });

  it("E1 adds the sender's user_id on presence channels", async () => {
    const sender = await member("presence-e1", "sender-user");
    const receiver = await member("presence-e1", "receiver-user");
    sender.send({ event: "client-wave", channel: "presence-e1", data: { hi: 1 } });
    const frame = await receiver.next((f) => f.event === "client-wave");
    expect(frame).toMatchObject({ channel: "presence-e1", data: { hi: 1 }, user_id: "sender-user" });
    sender.close();
    receiver.close();
  });

  it("E1 refuses client events on public channels and on channels the socket has not joined", async () => {
    const { client: publicSender } = await RawClient.connect(target);
    const { client: publicReceiver } = await RawClient.connect(target);
    await publicSender.subscribe("e1-public");
    await publicReceiver.subscribe("e1-public");
    const privateReceiver = await member("private-e1-closed");
    publicSender.send({ event: "client-x", channel: "e1-public", data: {} });
    publicSender.send({ event: "client-x", channel: "private-e1-closed", data: {} });
    await publicSender.barrier();
    await publicReceiver.barrier();
    await privateReceiver.barrier();
    expect(publicReceiver.all((f) => f.event === "client-x")).toEqual([]);
    expect(privateReceiver.all((f) => f.event === "client-x")).toEqual([]);
    expect(publicSender.all((f) => f.event === "pusher:error").length).toBeGreaterThanOrEqual(1);
    for (const client of [publicSender, publicReceiver, privateReceiver]) client.close();
  });

  it.runIf(isEmbedded)("E1 refuses client events when the app has them disabled", async () => {
    const quiet = { ...target, ...extraApps.noClientEvents, appId: extraApps.noClientEvents.id };
    const sender = await member("private-e1-quiet", undefined, quiet);
    const receiver = await member("private-e1-quiet", undefined, quiet);
    sender.send({ event: "client-x", channel: "private-e1-quiet", data: {} });
    await sender.next((f) => f.event === "pusher:error");
    await receiver.barrier();
    expect(receiver.all((f) => f.event === "client-x")).toEqual([]);
    sender.close();
    receiver.close();
  });

  it("E2 rate-limits client events per socket with pusher:error 4301", async () => {
    const sender = await member("private-e2-rate");
    const receiver = await member("private-e2-rate");
    for (let i = 0; i < 30; i++)
      sender.send({ event: "client-burst", channel: "private-e2-rate", data: { i } });
    const error = await sender.next((f) => f.event === "pusher:error");
    expect(error.data).toMatchObject({ code: 4301 });
    await sender.barrier();
    await receiver.barrier();
    const delivered = receiver.all((f) => f.event === "client-burst").length;
    expect(delivered).toBeGreaterThanOrEqual(1);
    expect(delivered).toBeLessThan(30);
    sender.close();
    receiver.close();
  });

  it("E2 refuses too-long event names and too-large payloads with 4301", async () => {
    const sender = await member("private-e2-size");
    const receiver = await member("private-e2-size");
    sender.send({ event: `client-${"n".repeat(200)}`, channel: "private-e2-size", data: {} });
    expect((await sender.next((f) => f.event === "pusher:error")).data).toMatchObject({ code: 4301 });
    sender.send({ event: "client-big", channel: "private-e2-size", data: { blob: "x".repeat(11 * 1024) } });
    expect((await sender.next((f) => f.event === "pusher:error")).data).toMatchObject({ code: 4301 });
    await receiver.barrier();
    expect(receiver.all((f) => f.event.startsWith("client-"))).toEqual([]);
    sender.close();
    receiver.close();
  });
});
