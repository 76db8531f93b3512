import { randomUUID } from "node:crypto";
import { type APIRequestContext, type Browser, expect } from "@playwright/test";
import { newAccount, signUp } from "../e2e/helpers/accounts";
import type { FuzzTarget } from "./route-fuzz";

// The signed-in side of a fuzz run: two real accounts with a conversation and a message, so
// fuzzed requests carry a valid session and real ids, and a check that the app still works.

export interface FuzzPeople {
  target: FuzzTarget;
  ana: APIRequestContext;
  conversationId: string;
  close(): Promise<void>;
}

export async function preparePeople(browser: Browser, baseURL: string): Promise<FuzzPeople> {
  const contexts = await Promise.all([browser.newContext({ baseURL }), browser.newContext({ baseURL })]);
  const [anaContext, benContext] = contexts as [(typeof contexts)[0], (typeof contexts)[0]];
  const ana = newAccount("fuzzana");
  const ben = newAccount("fuzzben");
  await signUp(await anaContext.newPage(), ana);
  await signUp(await benContext.newPage(), ben);
  const session = async (context: typeof anaContext) =>
    (await (await context.request.get("/api/auth/session")).json()).user.id as string;
  const [anaId, benId] = [await session(anaContext), await session(benContext)];
  const opened = await anaContext.request.post("/api/conversations", { data: { userId: benId } });
  expect(opened.ok()).toBe(true);
  const conversationId = (await opened.json()).id as string;
  const sent = await anaContext.request.post(`/api/conversations/${conversationId}/messages`, {
    data: { body: { text: "fuzz seed message" }, clientNonce: randomUUID() },
  });
  expect(sent.status()).toBe(201);
  const messageId = (await sent.json()).id as string;
  const token = (await anaContext.cookies()).find((c) => c.name === "authjs.session-token")?.value;
  if (!token) throw new Error("no session cookie after sign-up");
  const url = new URL(baseURL);
  return {
    target: {
      port: Number(url.port || 80),
      host: url.hostname === "localhost" ? "127.0.0.1" : url.hostname,
      hostHeader: url.host,
      sessionToken: token,
      known: {
        conversationIds: [conversationId],
        messageIds: [messageId],
        userIds: [anaId, benId],
        usernames: [ana.username, ben.username],
      },
    },
    ana: anaContext.request,
    conversationId,
    close: async () => {
      await Promise.all(contexts.map((context) => context.close()));
    },
  };
}

/** A well-formed signed-in round trip: send a message and read it back. */
export async function expectStillWorks(people: FuzzPeople): Promise<void> {
  const text = `still here ${randomUUID()}`;
  const sent = await people.ana.post(`/api/conversations/${people.conversationId}/messages`, {
    data: { body: { text }, clientNonce: randomUUID() },
  });
  expect(sent.status(), await sent.text()).toBe(201);
  const page = await (await people.ana.get(`/api/conversations/${people.conversationId}/messages`)).json();
  expect(page.messages.map((m: { plainText: string }) => m.plainText)).toContain(text);
  expect((await people.ana.get("/api/health")).ok()).toBe(true);
}
