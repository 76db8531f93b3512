import {
  type RateLimiterAbstract,
  RateLimiterPrisma,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";
import { AppError, type ErrorCode } from "@/lib/errors";
import type { RateLimitPolicy } from "./policies";
import type { RateLimitStore } from "./store";

export type Limiter = RateLimiterAbstract;

const PRISMA_DELEGATE = "rateLimiterFlexible";

/** A limiter for one policy on the shared store. `prefix` separates apps (and tests) sharing a store. */
export function createLimiter(policy: RateLimitPolicy, store: RateLimitStore, prefix = "parley"): Limiter {
  const options = {
    keyPrefix: `${prefix}:${policy.name}`,
    points: policy.points,
    duration: policy.durationSeconds,
  };
  if (store.kind === "redis") return new RateLimiterRedis({ ...options, storeClient: store.client });
  // The Prisma store addresses the client delegate by this name (model RateLimiterFlexible).
  if (!(PRISMA_DELEGATE in store.client)) {
    throw new Error(
      "Rate limiting on the database needs the RateLimiterFlexible model in prisma/schema.prisma and its migration. Add it, or set REDIS_URL.",
    );
  }
  return new RateLimiterPrisma({ ...options, storeClient: store.client, tableName: PRISMA_DELEGATE });
}

export function rateLimitedError(code: ErrorCode, msBeforeNext: number): AppError {
  const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
  const unit = retryAfter === 1 ? "second" : "seconds";
  return new AppError(code, `Too many attempts. Try again in ${retryAfter} ${unit}.`, { retryAfter });
}

/**
 * Spends `points` for each key; throws `rate_limited` when any key is over its budget.
 * Every key is charged even when an earlier one is already over, so that a caller who keeps
 * trying stays locked out on all of them.
 */
export async function consumeAll(
  entries: ReadonlyArray<{ limiter: Limiter; key: string }>,
  code: ErrorCode,
  points = 1,
): Promise<void> {
  const results = await Promise.allSettled(entries.map(({ limiter, key }) => limiter.consume(key, points)));
  let longestWait = 0;
  for (const result of results) {
    if (result.status === "fulfilled") continue;
    // The library rejects with a RateLimiterRes when over budget and with an Error when the
    // store failed; a store failure is not a reason to let someone in.
    if (!(result.reason instanceof RateLimiterRes)) throw result.reason;
    longestWait = Math.max(longestWait, result.reason.msBeforeNext);
  }
  if (results.some((r) => r.status === "rejected")) throw rateLimitedError(code, longestWait);
}

/** Milliseconds until `key` may try again, or 0 when it still has budget. Spends nothing. */
export async function msUntilAllowed(limiter: Limiter, key: string): Promise<number> {
  const res = await limiter.get(key);
  if (!res || res.consumedPoints < limiter.points) return 0;
  return Math.max(res.msBeforeNext, 1);
}
