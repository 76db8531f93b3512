import type { PresenceChannel } from "pusher-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountSummary } from "@/lib/accounts/types";
import { typistFromEvent } from "@/lib/chat/client/typing";
import { createGroup } from "@/lib/chat/conversations/conversations";
import { createPerson } from "@/lib/chat/testing/fixtures";
import { authorizeChannel } from "@/lib/realtime/authorize";
import { conversationChannel, conversationPresenceChannel } from "@/lib/realtime/channels";
import { getRealtimeServerConfig } from "@/lib/realtime/config";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { RawClient } from "@/tests/realtime-conformance/raw-client";
import { waitFor } from "@/tests/realtime-conformance/wait";
import { startTestRealtime, subscribe, type TestRealtime } from "@/tests/support/chat-realtime";

// "X is typing" cannot be forged: a member's client sends typing events itself (client events),
// so the sender is whatever the realtime server says, never what the event claims. A raw socket
// of a real member, speaking the protocol by hand, tries to pass as someone else; a pusher-js
// receiver runs the app's own reading of the event (typistFromEvent) on what arrives.

let database: TestDatabase;
let realtime: TestRealtime;
let ana: AccountSummary;
let ben: AccountSummary;
let cat: AccountSummary;
let groupId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  realtime = await startTestRealtime();
  [ana, ben, cat] = [await createPerson("Ana"), await createPerson("Ben"), await createPerson("Cat")];
  groupId = (await createGroup({ actor: ana, name: "Typing", memberIds: [ben.id, cat.id] })).id;
});
afterAll(async () => {
  await realtime?.close();
  await database?.drop();
});

/** Ben's raw socket, subscribed with an authorisation the app signed for Ben. */
async function rawMember(actor: AccountSummary, channelName: string) {
  const { host = "127.0.0.1", port, key, appId, secret } = getRealtimeServerConfig();
  const target = { host, port: Number(port), key, appId, secret, close: async () => {} };
  const { client, socketId } = await RawClient.connect(target);
  const auth = await authorizeChannel({ actor, socketId, channelName });
  const joined = await client.subscribe(channelName, { ...auth });
  expect(joined.event).toBe("pusher_internal:subscription_succeeded");
  return client;
}

/** Cat's pusher-js client, showing typists exactly as the conversation view does. */
async function watchingTypists(channelName: string) {
  const { client } = await realtime.connect(cat);
  const channel = (await subscribe(client, channelName)) as PresenceChannel;
  const shown: ({ userId: string; displayName: string } | null)[] = [];
  channel.bind("client-typing", (_data: unknown, metadata: unknown) =>
    shown.push(typistFromEvent({ metadata, members: channel.members, viewerId: cat.id })),
  );
  return shown;
}

describe("typing events", () => {
  it("show the real sender however the event claims to be from someone else", async () => {
    const presence = conversationPresenceChannel(groupId);
    const shown = await watchingTypists(presence);
    const forger = await rawMember(ben, presence);
    const forged = { userId: ana.id, displayName: ana.displayName, user_id: ana.id };
    forger.send({ event: "client-typing", channel: presence, data: forged, user_id: ana.id });
    forger.send({ event: "client-typing", channel: presence, data: JSON.stringify(forged), user_id: ana.id });
    await waitFor(() => shown.length === 2, { what: "both typing events" });
    expect(shown).toEqual([
      { userId: ben.id, displayName: ben.displayName },
      { userId: ben.id, displayName: ben.displayName },
    ]);
    forger.close();
  });

  it("sent on the private conversation channel (no server-given sender) show nothing", async () => {
    const { client } = await realtime.connect(cat);
    const channel = await subscribe(client, conversationChannel(groupId));
    const shown: unknown[] = [];
    channel.bind("client-typing", (_data: unknown, metadata: unknown) =>
      shown.push(typistFromEvent({ metadata, members: undefined, viewerId: cat.id })),
    );
    const forger = await rawMember(ben, conversationChannel(groupId));
    forger.send({
      event: "client-typing",
      channel: conversationChannel(groupId),
      data: { userId: ana.id, displayName: ana.displayName },
      user_id: ana.id,
    });
    await waitFor(() => shown.length === 1, { what: "the relayed event" });
    expect(shown).toEqual([null]);
    forger.close();
  });
});
