import { randomUUID } from "node:crypto";
import { type Browser, expect, test } from "@playwright/test";
import { signUp } from "./helpers/accounts";
import { postMessage, sessionUserId } from "./helpers/api";
import { SMOKE } from "./helpers/tags";

// The chat HTTP API through the real app: session cookies, membership in every query, and
// clear 4xx answers for bad input. (The chat screens drive the same routes.)

async function person(browser: Browser) {
  const context = await browser.newContext();
  await signUp(await context.newPage());
  return { context, request: context.request, id: await sessionUserId(context.request) };
}

test(
  "a direct conversation: members talk, outsiders get 404, retries never duplicate",
  SMOKE,
  async ({ browser, playwright }) => {
    const [ana, ben, cai] = [await person(browser), await person(browser), await person(browser)];
    try {
      const opened = await ana.request.post("/api/conversations", { data: { userId: ben.id } });
      expect(opened.status()).toBe(201);
      const { id } = await opened.json();
      // Opening it again, from either side, finds the same conversation.
      const again = await ben.request.post("/api/conversations", { data: { userId: ana.id } });
      expect(again.status()).toBe(200);
      expect((await again.json()).id).toBe(id);

      const nonce = randomUUID();
      const first = await postMessage(ana.request, id, { text: "Hello Ben" }, { clientNonce: nonce });
      expect(first.status()).toBe(201);
      const retried = await postMessage(ana.request, id, { text: "Hello Ben" }, { clientNonce: nonce });
      const [a, b] = [await first.json(), await retried.json()];
      expect(b.id).toBe(a.id);

      const page = await (await ben.request.get(`/api/conversations/${id}/messages?limit=50`)).json();
      expect(page.messages.map((m: { plainText: string }) => m.plainText)).toEqual(["Hello Ben"]);
      expect(page.messages[0].author.id).toBe(ana.id);
      expect(page.messages[0].clientNonce).toBeNull();

      const sidebar = await (await ben.request.get("/api/conversations")).json();
      expect(JSON.stringify(sidebar)).toContain(id);

      // Not a member: the conversation does not exist as far as Cai can tell.
      expect((await cai.request.get(`/api/conversations/${id}/messages`)).status()).toBe(404);
      expect((await postMessage(cai.request, id, { text: "let me in" })).status()).toBe(404);
      expect((await cai.request.get(`/api/conversations/${id}`)).status()).toBe(404);
      expect((await cai.request.get("/api/conversations/does-not-exist/messages")).status()).toBe(404);
      // Not Ana's message: Ben cannot edit or delete it.
      const edit = await ben.request.patch(`/api/conversations/${id}/messages/${a.id}`, {
        data: { body: { text: "forged" } },
      });
      expect(edit.status()).toBe(403);
      expect((await ben.request.delete(`/api/conversations/${id}/messages/${a.id}`)).status()).toBe(403);

      const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
      expect((await anonymous.get(`/api/conversations/${id}/messages`)).status()).toBe(401);
      expect((await anonymous.post(`/api/conversations/${id}/messages`, { data: {} })).status()).toBe(401);
      await anonymous.dispose();

      const after = await (await ana.request.get(`/api/conversations/${id}/messages`)).json();
      expect(after.messages).toHaveLength(1);
      expect(after.messages[0].plainText).toBe("Hello Ben");
    } finally {
      await Promise.all([ana.context.close(), ben.context.close(), cai.context.close()]);
    }
  },
);

test("bad input gets a clear 4xx and writes nothing", async ({ browser }) => {
  const [ana, ben] = [await person(browser), await person(browser)];
  try {
    const { id } = await (await ana.request.post("/api/conversations", { data: { userId: ben.id } })).json();
    const cases: [string, unknown, number][] = [
      ["empty", { body: { text: "   " }, clientNonce: randomUUID() }, 400],
      ["too long", { body: { text: "x".repeat(4001) }, clientNonce: randomUUID() }, 400],
      ["bad nonce", { body: { text: "hi" }, clientNonce: "<script>" }, 400],
      ["no nonce", { body: { text: "hi" } }, 400],
      [
        "unknown node",
        { body: { type: "doc", content: [{ type: "script", text: "x" }] }, clientNonce: randomUUID() },
        400,
      ],
    ];
    for (const [name, data, status] of cases) {
      const response = await ana.request.post(`/api/conversations/${id}/messages`, { data });
      expect(response.status(), name).toBe(status);
      expect((await response.json()).error.message, name).toBeTruthy();
    }
    const notJson = await ana.request.post(`/api/conversations/${id}/messages`, {
      headers: { "content-type": "application/json" },
      data: "{not json",
    });
    expect(notJson.status()).toBe(400);
    expect((await ana.request.get(`/api/conversations/${id}/messages?limit=500`)).status()).toBe(400);
    const page = await (await ana.request.get(`/api/conversations/${id}/messages`)).json();
    expect(page.messages).toEqual([]);
  } finally {
    await Promise.all([ana.context.close(), ben.context.close()]);
  }
});

test("reactions over HTTP: members react with URL-encoded emoji, everyone else is refused", async ({
  browser,
  playwright,
}) => {
  const [ana, ben, cai] = [await person(browser), await person(browser), await person(browser)];
  try {
    const { id } = await (await ana.request.post("/api/conversations", { data: { userId: ben.id } })).json();
    const message = await (await postMessage(ana.request, id, { text: "react to this" })).json();
    const url = (emoji: string, messageId = message.id) =>
      `/api/conversations/${id}/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`;

    const added = await ben.request.put(url("👍🏽"));
    expect(added.status()).toBe(200);
    expect(await added.json()).toEqual({ reactions: [{ emoji: "👍🏽", userIds: [ben.id] }] });
    // Idempotent: again changes nothing. A ZWJ family and a flag travel through the URL intact.
    expect(await (await ben.request.put(url("👍🏽"))).json()).toEqual({
      reactions: [{ emoji: "👍🏽", userIds: [ben.id] }],
    });
    await ana.request.put(url("👨‍👩‍👧‍👦"));
    await ana.request.put(url("🇫🇷"));
    const page = await (await ana.request.get(`/api/conversations/${id}/messages`)).json();
    expect(page.messages[0].reactions.map((r: { emoji: string }) => r.emoji)).toEqual([
      "👍🏽",
      "👨‍👩‍👧‍👦",
      "🇫🇷",
    ]);

    const removed = await ana.request.delete(url("🇫🇷"));
    expect(removed.status()).toBe(200);
    expect((await removed.json()).reactions).toHaveLength(2);

    for (const bad of ["lol", "👍👍", "<b>"]) {
      const response = await ben.request.put(url(bad));
      expect(response.status(), bad).toBe(400);
    }
    expect((await cai.request.put(url("👍"))).status()).toBe(404);
    expect((await cai.request.delete(url("👍🏽"))).status()).toBe(404);
    expect((await ben.request.put(url("👍", "no-such-message"))).status()).toBe(404);

    const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
    expect((await anonymous.put(url("👍"))).status()).toBe(401);
    expect((await anonymous.delete(url("👍"))).status()).toBe(401);
    await anonymous.dispose();

    await ana.request.delete(`/api/conversations/${id}/messages/${message.id}`);
    const deleted = await ben.request.put(url("👍"));
    expect(deleted.status()).toBe(409);
  } finally {
    await Promise.all([ana.context.close(), ben.context.close(), cai.context.close()]);
  }
});

test("rich bodies over HTTP: documents are stored clean, unsafe links and strangers are refused", async ({
  browser,
}) => {
  const [ana, ben, cai] = [await person(browser), await person(browser), await person(browser)];
  try {
    const { id } = await (await ana.request.post("/api/conversations", { data: { userId: ben.id } })).json();
    const post = (content: unknown[]) =>
      postMessage(ana.request, id, { type: "doc", content: [{ type: "paragraph", content }] });
    const link = (href: string) => ({
      type: "text",
      text: "here",
      marks: [
        { type: "link", attrs: { href, target: "_blank", rel: "noopener noreferrer nofollow", class: null } },
      ],
    });
    const mention = (userId: string) => ({
      type: "mention",
      attrs: { id: userId, label: "whoever", mentionSuggestionChar: "@" },
    });

    const ok = await post([mention(ben.id), { type: "text", text: " see " }, link("https://example.com")]);
    expect(ok.status()).toBe(201);
    const saved = await ok.json();
    expect(saved.body.content[0].content[2].marks).toEqual([
      { type: "link", attrs: { href: "https://example.com/" } },
    ]);
    expect(saved.body.content[0].content[0].attrs.id).toBe(ben.id);
    expect(saved.plainText).toMatch(/^@\S+ see here$/);

    const unsafe = await post([link("JaVaScRiPt:alert(1)")]);
    expect(unsafe.status()).toBe(400);
    expect((await unsafe.json()).error).toMatchObject({
      code: "invalid:body",
      message: expect.stringContaining("href"),
    });
    const stranger = await post([mention(cai.id)]);
    expect(stranger.status()).toBe(400);
    expect((await stranger.json()).error.code).toBe("invalid:mention");
    const everyone = await post([mention("everyone")]);
    expect(everyone.status()).toBe(403);
  } finally {
    await Promise.all([ana.context.close(), ben.context.close(), cai.context.close()]);
  }
});
