import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkRealtimeServer, checkRealtimeServerCached, KEEP_FAILURE_MS, KEEP_OK_MS } from "./check";
import type { RealtimeServerConfig } from "./config";

// The caching and the reading of answers; the checks against real servers (soketi, the standalone
// embedded server) are in tests/integration/realtime-check.test.ts. This server only counts the
// requests it gets and answers what each test sets.

let answer: { status: number; body: string } = { status: 200, body: '{"channels":{}}' };
let requests = 0;
const server = http.createServer((req, res) => {
  requests += 1;
  req.resume();
  // Slow enough that concurrent checks overlap.
  setTimeout(() => res.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body), 50);
});

let port = 0;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function config(secret: string): RealtimeServerConfig {
  return {
    appId: "1",
    key: "key",
    secret,
    host: "127.0.0.1",
    port: String(port),
    useTLS: false,
    cluster: "mt1",
  };
}

describe("checkRealtimeServer", () => {
  it("reads a 200 whose body is not the channels API as a misdirected PUSHER_HOST", async () => {
    answer = { status: 200, body: "<!doctype html><title>Welcome</title>" };
    const result = await checkRealtimeServer(config("secret-0123456789abcdef"));
    expect(result).toEqual({
      ok: false,
      reason: `The realtime server at http://127.0.0.1:${port} answered something that is not the Pusher channels API ("<!doctype html><title>Welcome</title>"): check that PUSHER_HOST and PUSHER_PORT point at it.`,
    });
  });

  it("names the status and the error of a refusal in the status line (hosted Pusher, the embedded server)", async () => {
    answer = { status: 401, body: "Invalid signature: you should have sent HmacSHA256Hex(...)" };
    const result = await checkRealtimeServer(config("secret-0123456789abcdef"));
    expect(result).toEqual({
      ok: false,
      reason: `The realtime server at http://127.0.0.1:${port} rejected Parley's signed request ("Invalid signature: you should have sent HmacSHA256Hex(...)"): PUSHER_SECRET (or PUSHER_KEY) is not the secret (or key) of app 1 there.`,
    });
  });
});

describe("checkRealtimeServerCached", () => {
  it("sends one request for concurrent checks and reuses a success for a while", async () => {
    answer = { status: 200, body: '{"channels":{}}' };
    let now = 1_000_000;
    const clock = () => now;
    const cfg = config("cache-secret-one-0123456789");
    requests = 0;
    const results = await Promise.all([1, 2, 3].map(() => checkRealtimeServerCached(cfg, clock)));
    expect(results).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(requests).toBe(1);
    now += KEEP_OK_MS - 1;
    await checkRealtimeServerCached(cfg, clock);
    expect(requests).toBe(1);
    now += 1;
    await checkRealtimeServerCached(cfg, clock);
    expect(requests).toBe(2);
  });

  it("keeps a failure for less time, and asks again at once when the configuration changes", async () => {
    answer = { status: 200, body: '{"error":"The secret authentication failed","code":401}' };
    let now = 2_000_000;
    const clock = () => now;
    requests = 0;
    expect(await checkRealtimeServerCached(config("cache-secret-two-0123456789"), clock)).toMatchObject({
      ok: false,
    });
    now += KEEP_FAILURE_MS - 1;
    await checkRealtimeServerCached(config("cache-secret-two-0123456789"), clock);
    expect(requests).toBe(1);
    now += 1;
    answer = { status: 200, body: '{"channels":{}}' };
    expect(await checkRealtimeServerCached(config("cache-secret-two-0123456789"), clock)).toEqual({
      ok: true,
    });
    expect(requests).toBe(2);
    expect(await checkRealtimeServerCached(config("cache-secret-three-0123456789"), clock)).toEqual({
      ok: true,
    });
    expect(requests).toBe(3);
  });
});
