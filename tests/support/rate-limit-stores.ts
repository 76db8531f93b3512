import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";
import { type AuthLimiters, createAuthLimiters } from "@/lib/rate-limit/auth-limiters";
import { connectRedis, type RateLimitStore } from "@/lib/rate-limit/store";

// Helpers for tests: real stores, with a fresh key prefix so runs never share counters.

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export function uniquePrefix(label: string): string {
  return `test:${label}:${randomBytes(6).toString("hex")}`;
}

export function redisStore(): RateLimitStore & { kind: "redis" } {
  return { kind: "redis", client: connectRedis(TEST_REDIS_URL) };
}

export function databaseStore(db: Db): RateLimitStore {
  return { kind: "database", client: db };
}

/** True once the schema has the RateLimiterFlexible model the database store writes to. */
export function hasRateLimitTable(db: Db): boolean {
  return "rateLimiterFlexible" in db;
}

export function testAuthLimiters(store: RateLimitStore, label: string): AuthLimiters {
  return createAuthLimiters(store, uniquePrefix(label));
}
