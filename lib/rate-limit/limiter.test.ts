import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { databaseStore, redisStore, uniquePrefix } from "@/tests/support/rate-limit-stores";
import { refusal } from "@/tests/support/refusal";
import { consumeAll, createLimiter, msUntilAllowed } from "./limiter";
import { policies } from "./policies";
import type { RateLimitStore } from "./store";

let database: TestDatabase;
const redis = redisStore();

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
  redis.client.disconnect();
});

// The same behaviour on both shared stores: the database one (no REDIS_URL) and Redis.
const stores: Array<[string, () => RateLimitStore]> = [
  ["Redis", () => redis],
  ["the database", () => databaseStore(database)],
];

describe.each(stores)("limits on %s", (_name, store) => {
  it("allows five attempts in the window and refuses the sixth with a wait", async () => {
    const limiter = createLimiter(policies.signInByAccountAndIp, store(), uniquePrefix("sixth"));
    const entry = [{ limiter, key: "user:abc" }];
    for (let i = 0; i < 5; i++) await consumeAll(entry, "rate_limited:sign_in");
    const error = await refusal(consumeAll(entry, "rate_limited:sign_in"));
    expect(error.code).toBe("rate_limited:sign_in");
    expect(error.status).toBe(429);
    expect(error.retryAfter).toBeGreaterThan(890);
    expect(error.retryAfter).toBeLessThanOrEqual(900);
    expect(error.message).toBe(`Too many attempts. Try again in ${error.retryAfter} seconds.`);
    expect(await msUntilAllowed(limiter, "user:abc")).toBeGreaterThan(0);
    // Other keys keep their own budget.
    expect(await msUntilAllowed(limiter, "user:other")).toBe(0);
    await consumeAll([{ limiter, key: "user:other" }], "rate_limited:sign_in");
  });

  it("is shared by every limiter instance on the store, as two app nodes would be", async () => {
    const prefix = uniquePrefix("shared");
    const nodeA = createLimiter(policies.signInByIp, store(), prefix);
    const nodeB = createLimiter(policies.signInByIp, store(), prefix);
    for (let i = 0; i < 3; i++)
      await consumeAll([{ limiter: nodeA, key: "203.0.113.9" }], "rate_limited:sign_in");
    for (let i = 0; i < 2; i++)
      await consumeAll([{ limiter: nodeB, key: "203.0.113.9" }], "rate_limited:sign_in");
    const error = await refusal(consumeAll([{ limiter: nodeA, key: "203.0.113.9" }], "rate_limited:sign_in"));
    expect(error.kind).toBe("rate_limited");
  });

  it("counts concurrent attempts exactly", async () => {
    const limiter = createLimiter(policies.signInByAccountAndIp, store(), uniquePrefix("burst"));
    await consumeAll([{ limiter, key: "k" }], "rate_limited:sign_in");
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => consumeAll([{ limiter, key: "k" }], "rate_limited:sign_in")),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(4);
  });

  it("starts a new window once the old one has expired", async () => {
    const limiter = createLimiter(
      { name: "short-window", points: 2, durationSeconds: 1 },
      store(),
      uniquePrefix("window"),
    );
    const entry = [{ limiter, key: "k" }];
    await consumeAll(entry, "rate_limited:test");
    await consumeAll(entry, "rate_limited:test");
    const error = await refusal(consumeAll(entry, "rate_limited:test"));
    expect(error.retryAfter).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await consumeAll(entry, "rate_limited:test");
    expect((await limiter.get("k"))?.consumedPoints).toBe(1);
  });

  it("with blockInMemory, refuses a key that spent its budget without asking the store again", async () => {
    const policy = { name: "blocked", points: 2, durationSeconds: 60 };
    const prefix = uniquePrefix("in-memory");
    const limiter = createLimiter(policy, store(), prefix, { blockInMemory: true });
    const entry = [{ limiter, key: "spammer" }];
    await consumeAll(entry, "rate_limited:test");
    await consumeAll(entry, "rate_limited:test");
    for (let i = 0; i < 5; i++) {
      const error = await refusal(consumeAll(entry, "rate_limited:test", 1, "Slow down."));
      expect(error.message).toMatch(/^Slow down\. Try again in \d+ seconds\.$/);
    }
    // The store saw the two that were allowed and none of the refused ones.
    const other = createLimiter(policy, store(), prefix);
    expect((await other.get("spammer"))?.consumedPoints).toBe(2);
  });
});

describe("consumeAll", () => {
  it("charges every key even when one is already over, and reports the longest wait", async () => {
    const short = createLimiter(
      { name: "short", points: 1, durationSeconds: 10 },
      redis,
      uniquePrefix("multi"),
    );
    const long = createLimiter(
      { name: "long", points: 5, durationSeconds: 600 },
      redis,
      uniquePrefix("multi"),
    );
    const entries = [
      { limiter: short, key: "a" },
      { limiter: long, key: "a" },
    ];
    await consumeAll(entries, "rate_limited:test");
    const error = await refusal(consumeAll(entries, "rate_limited:test"));
    expect(error.retryAfter).toBeLessThanOrEqual(10);
    expect((await long.get("a"))?.consumedPoints).toBe(2);
  });

  it("passes a store failure through instead of letting the attempt in", async () => {
    const broken = redisStore();
    broken.client.disconnect();
    const limiter = createLimiter(policies.signInByIp, broken, uniquePrefix("broken"));
    await expect(consumeAll([{ limiter, key: "x" }], "rate_limited:sign_in")).rejects.not.toHaveProperty(
      "code",
      "rate_limited:sign_in",
    );
  });
});
