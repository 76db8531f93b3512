import { randomBytes } from "node:crypto";
import { type AuthLimiters, createAuthLimiters } from "@/lib/rate-limit/auth-limiters";
import { connectRedis, type RateLimitStore } from "@/lib/rate-limit/store";
import type { TestDatabase } from "@/tests/integration/db";

// Helpers for tests: real stores, with a fresh key prefix so runs never share counters.

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export function uniquePrefix(label: string): string {
  return `test:${label}:${randomBytes(6).toString("hex")}`;
}

export function redisStore(): RateLimitStore & { kind: "redis" } {
  return { kind: "redis", client: connectRedis(TEST_REDIS_URL) };
}

/** The database store on a test database (its own fast path, as the app's is lib/db's). */
export function databaseStore(database: Pick<TestDatabase, "hotRows">): RateLimitStore {
  return { kind: "database", rows: database.hotRows };
}

export function testAuthLimiters(store: RateLimitStore, label: string): AuthLimiters {
  return createAuthLimiters(store, uniquePrefix(label));
}
