import "server-only";
import { Redis } from "ioredis";
import { hotRows } from "@/lib/db";
import { getEnv } from "@/lib/env";
import type { SqlRows } from "./sql-limiter";

/**
 * Where counters live. Every app node must see the same numbers (DESIGN.md §1), so it is
 * Redis when REDIS_URL is set and otherwise the database — never process memory.
 */
export type RateLimitStore = { kind: "redis"; client: Redis } | { kind: "database"; rows: SqlRows };

let redis: Redis | undefined;

export function connectRedis(url: string): Redis {
  // Fail a command quickly instead of queueing it while Redis is down: a sign-in should get an
  // error, not hang.
  return new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 5_000 });
}

export function getRateLimitStore(): RateLimitStore {
  const url = getEnv().REDIS_URL;
  if (url) {
    redis ??= connectRedis(url);
    return { kind: "redis", client: redis };
  }
  return { kind: "database", rows: hotRows };
}
