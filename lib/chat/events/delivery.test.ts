import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountSummary } from "@/lib/accounts/types";
import { createGroup, findOrCreateDirectConversation } from "@/lib/chat/conversations/conversations";
import type { ConversationSummary, MessageDto, ReadMarker } from "@/lib/chat/dto";
import { editMessage } from "@/lib/chat/messages/edit-message";
import { markConversationRead } from "@/lib/chat/messages/read-state";
import { sendMessage } from "@/lib/chat/messages/send-message";
import { createPerson, nonce, text } from "@/lib/chat/testing/fixtures";
import { authorizeChannel } from "@/lib/realtime/authorize";
import { conversationChannel, conversationPresenceChannel, userChannel } from "@/lib/realtime/channels";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { startTestRealtime, subscribe, type TestRealtime } from "@/tests/support/chat-realtime";
import { refusal } from "@/tests/support/refusal";
import { messageEventPayload } from "./payload";

let database: TestDatabase;
let realtime: TestRealtime;
let ana: AccountSummary;
let ben: AccountSummary;
let cat: AccountSummary;
let dmId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  realtime = await startTestRealtime();
  [ana, ben, cat] = [await createPerson("Ana"), await createPerson("Ben"), await createPerson("Cat")];
  dmId = (await findOrCreateDirectConversation({ actor: ana, otherUserId: ben.id })).id;
});

afterAll(async () => {
  await realtime?.close();
  await database?.drop();
});

function collect<T>(channel: { bind(event: string, fn: (data: T) => void): unknown }, event: string): T[] {
  const received: T[] = [];
  channel.bind(event, (data: T) => received.push(data));
  return received;
}

async function until(check: () => boolean, what: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("authorizeChannel for conversation channels", () => {
  it("signs members' private and presence subscriptions and refuses everyone else", async () => {
    const socketId = "123.456";
    const signed = await authorizeChannel({ actor: ana, socketId, channelName: conversationChannel(dmId) });
    expect(signed.auth).toMatch(/^[^:]+:[0-9a-f]{64}$/);
    const presence = await authorizeChannel({
      actor: ben,
      socketId,
      channelName: conversationPresenceChannel(dmId),
    });
    expect(JSON.parse(presence.channel_data ?? "{}")).toEqual({
      user_id: ben.id,
      user_info: { displayName: ben.displayName, username: ben.username, avatar: null },
    });
    for (const channelName of [
      conversationChannel(dmId),
      conversationPresenceChannel(dmId),
      conversationChannel("nope"),
    ]) {
      const error = await refusal(authorizeChannel({ actor: cat, socketId, channelName }));
      expect(error.code).toBe("forbidden:channel");
    }
    expect(
      (await refusal(authorizeChannel({ actor: cat, socketId, channelName: userChannel(ana.id) }))).code,
    ).toBe("forbidden:channel");
    expect(
      (await authorizeChannel({ actor: cat, socketId, channelName: userChannel(cat.id) })).auth,
    ).toBeTruthy();
  });
});

describe("delivery through the realtime server", () => {
  it("delivers message.created to the other member with the same DTO, never to the sender's socket", async () => {
    const anaSocket = await realtime.connect(ana);
    const benSocket = await realtime.connect(ben);
    const catSocket = await realtime.connect(cat);
    const anaEvents = collect<MessageDto>(
      await subscribe(anaSocket.client, conversationChannel(dmId)),
      "message.created",
    );
    const benChannel = await subscribe(benSocket.client, conversationChannel(dmId));
    const benEvents = collect<MessageDto>(benChannel, "message.created");
    const benUpdates = collect<MessageDto>(benChannel, "message.updated");
    const benSidebar = collect<ConversationSummary>(
      await subscribe(benSocket.client, userChannel(ben.id)),
      "conversation.updated",
    );
    await expect(subscribe(catSocket.client, conversationChannel(dmId))).rejects.toThrow(
      /subscription_error/,
    );

    const sent = await sendMessage({
      actor: ana,
      conversationId: dmId,
      body: text("realtime hello"),
      clientNonce: nonce(),
      socketId: anaSocket.socketId,
    });
    await until(() => benEvents.length > 0 && benSidebar.length > 0, "Ben to receive the message");
    expect(benEvents).toEqual([{ ...sent, clientNonce: null }]);
    expect(benSidebar.at(-1)).toMatchObject({
      id: dmId,
      name: ana.displayName,
      unreadCount: 1,
      lastMessage: { id: sent.id },
    });

    const edited = await editMessage({
      actor: ana,
      conversationId: dmId,
      messageId: sent.id,
      body: text("edited hello"),
      socketId: anaSocket.socketId,
    });
    await until(() => benUpdates.length > 0, "Ben to receive the edit");
    expect(benUpdates).toEqual([{ ...edited, clientNonce: null }]);

    // Ana's socket was excluded from both; give a stray event time to arrive before asserting.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(anaEvents).toEqual([]);
  });

  it("sends a message too large for one realtime event as a partial event the client completes over HTTP", async () => {
    const benSocket = await realtime.connect(ben);
    const benEvents = collect<MessageDto>(
      await subscribe(benSocket.client, conversationChannel(dmId)),
      "message.created",
    );
    // 4,000 characters in 1,300 short lines of three-byte characters: ~20 KB as a document.
    const long = Array.from({ length: 1_300 }, () => "中文").join("\n");
    const sent = await sendMessage({
      actor: ana,
      conversationId: dmId,
      body: text(long),
      clientNonce: nonce(),
    });
    await until(() => benEvents.length > 0, "Ben to receive the partial event");
    expect(benEvents[0]).toMatchObject({ id: sent.id, isPartial: true, plainText: "" });
    expect(messageEventPayload(sent).isPartial).toBe(true);
    // Small messages travel whole.
    const short = await sendMessage({
      actor: ana,
      conversationId: dmId,
      body: text("short"),
      clientNonce: nonce(),
    });
    expect(messageEventPayload(short)).toEqual({ ...short, clientNonce: null });
  });

  it("pushes each member of a 12-person group its own sidebar row (more than one batch)", async () => {
    const others = await Promise.all(Array.from({ length: 11 }, (_, i) => createPerson(`Member${i}`)));
    const group = await createGroup({ actor: ana, name: "Crowd", memberIds: others.map((p) => p.id) });
    const rows = new Map<string, ConversationSummary[]>();
    for (const person of [ana, ...others]) {
      const { client } = await realtime.connect(person);
      rows.set(person.id, collect(await subscribe(client, userChannel(person.id)), "conversation.updated"));
    }
    const sent = await sendMessage({
      actor: ana,
      conversationId: group.id,
      body: text("hello crowd"),
      clientNonce: nonce(),
    });
    const latest = (id: string) => rows.get(id)?.find((row) => row.lastMessage?.id === sent.id);
    await until(() => [ana, ...others].every((p) => latest(p.id)), "every member's sidebar row");
    expect(latest(ana.id)).toMatchObject({ id: group.id, name: "Crowd", unreadCount: 0 });
    for (const person of others) {
      expect(latest(person.id)).toMatchObject({ id: group.id, name: "Crowd", unreadCount: 1 });
    }
  });

  it("tells the reader's other devices and the conversation when a read marker moves", async () => {
    const phone = await realtime.connect(ben);
    const anaTab = await realtime.connect(ana);
    const onPhone = collect<ReadMarker>(await subscribe(phone.client, userChannel(ben.id)), "read.updated");
    const onConversation = collect<ReadMarker>(
      await subscribe(anaTab.client, conversationChannel(dmId)),
      "read.updated",
    );
    const message = await sendMessage({
      actor: ana,
      conversationId: dmId,
      body: text("read me"),
      clientNonce: nonce(),
    });
    const marker = await markConversationRead({ actor: ben, conversationId: dmId, messageId: message.id });
    await until(() => onPhone.length > 0 && onConversation.length > 0, "read.updated");
    expect(onPhone).toEqual([marker]);
    expect(onConversation).toEqual([marker]);
  });

  it("lets members exchange client-typing events on the presence channel, the server naming the sender", async () => {
    const group = await createGroup({ actor: ana, name: "Typing", memberIds: [ben.id] });
    const anaSocket = await realtime.connect(ana);
    const benSocket = await realtime.connect(ben);
    const anaChannel = await subscribe(anaSocket.client, conversationPresenceChannel(group.id));
    const benChannel = await subscribe(benSocket.client, conversationPresenceChannel(group.id));
    const typing: unknown[] = [];
    benChannel.bind("client-typing", (data: unknown, metadata: unknown) => typing.push({ data, metadata }));
    anaChannel.trigger("client-typing", {});
    await until(() => typing.length > 0, "the typing event");
    expect(typing).toEqual([{ data: {}, metadata: { user_id: ana.id } }]);
  });
});
