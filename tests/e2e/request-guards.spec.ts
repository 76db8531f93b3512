import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { type Person, signedUpPerson } from "./helpers/people";

// What every route handler checks before its own work, through the real server: bodies are
// bounded while they stream, state-changing requests from another site are refused, and JSON
// routes take only application/json.

const TWENTY_MB = 20 * 1024 * 1024;

/**
 * Streams `total` bytes as a chunked body (no Content-Length), 64 KB at a time and only as fast
 * as the server reads, and resolves with the answer's status and how much was written by then.
 */
function streamChunkedBody(url: URL, total: number, headers: Record<string, string>) {
  return new Promise<{ status: number; code: string; written: number }>((resolve, reject) => {
    let written = 0;
    let answered = false;
    const request = http.request(url, {
      method: "POST",
      headers: { ...headers, "transfer-encoding": "chunked" },
    });
    request.on("response", (response) => {
      answered = true;
      let body = "";
      response.on("data", (chunk) => {
        body += chunk;
      });
      response.on("end", () => {
        resolve({ status: response.statusCode ?? 0, code: JSON.parse(body).error?.code, written });
      });
    });
    // The server closes the connection after its 413; our write side may notice first.
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const writeMore = () => {
      while (!answered && !request.destroyed && written < total) {
        written += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", writeMore);
      }
      if (written >= total && !answered) request.end();
    };
    writeMore();
  });
}

function cookieHeader(cookies: { name: string; value: string }[]) {
  return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

let ana: Person;
let ben: Person;
let conversationId: string;

test.beforeAll(async ({ browser }) => {
  ana = await signedUpPerson(browser);
  ben = await signedUpPerson(browser);
  const opened = await ana.request.post("/api/conversations", { data: { userId: ben.id } });
  conversationId = (await opened.json()).id;
});

test.afterAll(async () => {
  await Promise.all([ana?.context.close(), ben?.context.close()]);
});

test("a 20 MB chunked body gets 413 from a JSON route and the webhook, read no further than its limit", async ({
  baseURL,
}) => {
  test.setTimeout(60_000);
  const origin = new URL(baseURL as string).origin;
  const cookie = cookieHeader(await ana.context.cookies());
  const json = { "content-type": "application/json", origin };
  const send = await streamChunkedBody(
    new URL(`/api/conversations/${conversationId}/messages`, origin),
    TWENTY_MB,
    { ...json, cookie },
  );
  expect(send).toMatchObject({ status: 413, code: "too_large:body" });
  const webhook = await streamChunkedBody(new URL("/api/realtime/webhook", origin), TWENTY_MB, json);
  expect(webhook).toMatchObject({ status: 413, code: "too_large:webhook" });
  // The server stopped reading at its limit (256 KB): what we managed to write beyond that sits in
  // socket buffers, far short of the whole body.
  expect(send.written).toBeLessThan(TWENTY_MB / 2);
  expect(webhook.written).toBeLessThan(TWENTY_MB / 2);

  // And the app carries on.
  const after = await ana.request.post(`/api/conversations/${conversationId}/messages`, {
    data: { body: { text: "after the flood" }, clientNonce: randomUUID() },
  });
  expect(after.status()).toBe(201);
});

test("an upload streamed past the file limit gets 413 as it crosses it; one cut off midway leaves nothing", async ({
  baseURL,
}) => {
  test.setTimeout(90_000);
  const origin = new URL(baseURL as string).origin;
  const cookie = cookieHeader(await ana.context.cookies());
  const uploads = path.join(process.env.E2E_DATA_DIR as string, "uploads", "attachments");
  const partials = () => (fs.existsSync(uploads) ? fs.readdirSync(uploads, { recursive: true }) : []).length;
  const before = partials();
  const url = new URL(`/api/conversations/${conversationId}/attachments?name=big.bin`, origin);
  // No Content-Length: the route learns the size only by reading (Node's own request, lent to it).
  const big = await streamChunkedBody(url, 40 * 1024 * 1024, { origin, cookie });
  expect(big).toMatchObject({ status: 413, code: "too_large:file" });
  expect(big.written).toBeLessThan(35 * 1024 * 1024);

  // A client that gives up halfway: the server drops the partial file.
  await new Promise<void>((resolve) => {
    const request = http.request(url, {
      method: "POST",
      headers: { origin, cookie, "transfer-encoding": "chunked" },
    });
    request.on("error", () => resolve());
    request.write(Buffer.alloc(2 * 1024 * 1024, 0x41), () => {
      setTimeout(() => {
        request.destroy();
        resolve();
      }, 300);
    });
  });
  await expect.poll(partials).toBe(before);

  // A whole file still goes through, byte for byte.
  const bytes = Buffer.from(`%PDF-1.4\n${"x".repeat(3 * 1024 * 1024)}\n%%EOF\n`);
  const stored = await ana.request.post(`/api/conversations/${conversationId}/attachments?name=whole.pdf`, {
    data: bytes,
    headers: { "content-type": "application/octet-stream" },
  });
  expect(stored.status()).toBe(201);
  const { attachment } = await stored.json();
  const download = await ana.request.get(`/api/files/${attachment.id}?download=1`);
  expect(download.status()).toBe(200);
  expect(Buffer.compare(await download.body(), bytes)).toBe(0);
});

test("state-changing requests from another site get 403, JSON routes take only application/json", async ({
  baseURL,
}) => {
  const origin = new URL(baseURL as string).origin;
  const path = `/api/conversations/${conversationId}/messages`;
  const message = (text: string) => ({ body: { text }, clientNonce: randomUUID() });

  const foreign = await ana.request.post(path, {
    data: message("forged"),
    headers: { origin: "https://evil.example" },
  });
  expect(foreign.status()).toBe(403);
  expect((await foreign.json()).error.code).toBe("forbidden:origin");
  const crossSite = await ana.request.post(path, {
    data: message("forged"),
    headers: { origin, "sec-fetch-site": "cross-site" },
  });
  expect(crossSite.status()).toBe(403);
  const sibling = await ana.request.delete(`/api/account/avatar`, {
    headers: { origin: "http://127.0.0.1:1" },
  });
  expect(sibling.status()).toBe(403);

  const asText = await ana.request.post(path, {
    data: JSON.stringify(message("as text")),
    headers: { origin, "content-type": "text/plain" },
  });
  expect(asText.status()).toBe(415);
  expect((await asText.json()).error.code).toBe("unsupported:content_type");

  const same = await ana.request.post(path, {
    data: message("from home"),
    headers: { origin, "sec-fetch-site": "same-origin" },
  });
  expect(same.status()).toBe(201);
  const page = await (await ana.request.get(path)).json();
  const texts = page.messages.map((m: { plainText: string }) => m.plainText);
  expect(texts).toContain("from home");
  expect(texts).not.toContain("forged");
  expect(texts).not.toContain("as text");
});

test("the app's own browser requests pass: fetch from the page and pusher-js's form-encoded channel auth", async () => {
  await ana.page.goto(`/c/${conversationId}`);
  const results = await ana.page.evaluate(async (id) => {
    const sent = await fetch(`/api/conversations/${id}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ body: { text: "sent by the page" }, clientNonce: crypto.randomUUID() }),
    });
    const auth = await fetch("/api/realtime/auth", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ socket_id: "123.456", channel_name: `private-conversation-${id}` }),
    });
    const userAuth = await fetch("/api/realtime/user-auth", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ socket_id: "123.456" }),
    });
    return [sent.status, auth.status, userAuth.status];
  }, conversationId);
  expect(results).toEqual([201, 200, 200]);
  // And the page's own conversation shows what it sent, live.
  await expect(
    ana.page.getByRole("log", { name: "Messages" }).getByText("sent by the page", { exact: true }),
  ).toBeVisible();
});
