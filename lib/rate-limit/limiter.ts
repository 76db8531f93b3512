import { type RateLimiterAbstract, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { AppError, type ErrorCode } from "@/lib/errors";
import type { RateLimitPolicy } from "./policies";
import { RateLimiterSql } from "./sql-limiter";
import type { RateLimitStore } from "./store";

export type Limiter = RateLimiterAbstract;

/**
 * A limiter for one policy on the shared store. `prefix` separates apps (and tests) sharing a
 * store. With `blockInMemory`, a key that has spent its budget is refused by this process until
 * its window ends without asking the store again: someone hammering past the limit costs no
 * write. (A refusal only ever comes early on the node that saw the spending, never late.)
 */
export function createLimiter(
  policy: RateLimitPolicy,
  store: RateLimitStore,
  prefix = "parley",
  { blockInMemory = false }: { blockInMemory?: boolean } = {},
): Limiter {
  const options = {
    keyPrefix: `${prefix}:${policy.name}`,
    points: policy.points,
    duration: policy.durationSeconds,
    ...(blockInMemory ? { inMemoryBlockOnConsumed: policy.points } : {}),
  };
  if (store.kind === "redis") return new RateLimiterRedis({ ...options, storeClient: store.client });
  return new RateLimiterSql({ ...options, rows: store.rows });
}

/** `message` says what to slow down; the wait is appended ("Try again in 4 seconds."). */
export function rateLimitedError(
  code: ErrorCode,
  msBeforeNext: number,
  message = "Too many attempts.",
): AppError {
  const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
  const unit = retryAfter === 1 ? "second" : "seconds";
  return new AppError(code, `${message} Try again in ${retryAfter} ${unit}.`, { retryAfter });
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
  message?: string,
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
  if (results.some((r) => r.status === "rejected")) throw rateLimitedError(code, longestWait, message);
}

/** Milliseconds until `key` may try again, or 0 when it still has budget. Spends nothing. */
export async function msUntilAllowed(limiter: Limiter, key: string): Promise<number> {
  const res = await limiter.get(key);
  if (!res || res.consumedPoints < limiter.points) return 0;
  return Math.max(res.msBeforeNext, 1);
}
