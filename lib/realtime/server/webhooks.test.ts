import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { defaultWebhooks } from "./options";
import { WebhookDispatcher } from "./webhooks";

interface Hit {
  at: number;
  body: string;
}

/** A real endpoint that answers `statuses` in turn (then 200). */
async function endpoint(statuses: number[]) {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      hits.push({ at: Date.now(), body });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { hits, url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const waitUntil = async (check: () => boolean, timeoutMs = 3_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

function dispatcher(url: string, options: Partial<typeof defaultWebhooks> = {}) {
  const logs: string[] = [];
  const instance = new WebhookDispatcher(
    { url, key: "key", secret: "secret" },
    { ...defaultWebhooks, batchMs: 10, initialBackoffMs: 40, maxBackoffMs: 1_000, ...options },
    (_level, message) => logs.push(message),
  );
  cleanups.push(() => instance.close());
  return { instance, logs };
}

describe("WebhookDispatcher", () => {
  it("batches events raised together into one POST", async () => {
    const target = await endpoint([]);
    cleanups.push(target.close);
    const { instance } = dispatcher(target.url);
    instance.add({ name: "channel_occupied", channel: "a" });
    instance.add({ name: "channel_vacated", channel: "a" });
    await waitUntil(() => target.hits.length === 1);
    expect(JSON.parse(target.hits[0]?.body ?? "").events).toHaveLength(2);
  });

  it("retries with exponential back-off until the endpoint accepts", async () => {
    const target = await endpoint([500, 503, 500]);
    cleanups.push(target.close);
    const { instance } = dispatcher(target.url);
    instance.add({ name: "channel_occupied", channel: "b" });
    await waitUntil(() => target.hits.length === 4);
    const gaps = target.hits.slice(1).map((hit, i) => hit.at - (target.hits[i] as Hit).at);
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(75);
    expect(gaps[2]).toBeGreaterThanOrEqual(155);
    expect(new Set(target.hits.map((hit) => hit.body)).size).toBe(1);
  });

  it("drops a batch that still fails after maxRetryMs, then delivers the next", async () => {
    const target = await endpoint([500, 500, 500, 500, 500, 500]);
    cleanups.push(target.close);
    const { instance, logs } = dispatcher(target.url, {
      initialBackoffMs: 20,
      maxBackoffMs: 20,
      maxRetryMs: 70,
    });
    instance.add({ name: "channel_occupied", channel: "dropped" });
    await waitUntil(() => logs.includes("Webhook batch dropped after retries"));
    instance.add({ name: "channel_occupied", channel: "delivered" });
    await waitUntil(() => target.hits.some((hit) => hit.body.includes("delivered")));
  });
});

describe("WebhookDispatcher.close", () => {
  it("flushes pending events once, without duplicating a batch already in flight", async () => {
    const target = await endpoint([]);
    cleanups.push(target.close);
    const { instance } = dispatcher(target.url, { batchMs: 1_000 });
    instance.add({ name: "channel_occupied", channel: "first" });
    await instance.close();
    instance.add({ name: "channel_occupied", channel: "after-close" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(target.hits.map((hit) => JSON.parse(hit.body).events[0].channel)).toEqual(["first"]);
  });
});
