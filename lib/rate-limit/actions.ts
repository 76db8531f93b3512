import "server-only";
import { getEnv } from "@/lib/env";
import { consumeAll, createLimiter, type Limiter } from "./limiter";
import { type ActionPolicy, actionPolicies, type RateLimitedAction } from "./policies";
import { getRateLimitStore, type RateLimitStore } from "./store";

/** A policy as it applies on this instance: its points times RATE_LIMIT_SCALE. */
export function effectiveActionPolicy(action: RateLimitedAction): ActionPolicy {
  const policy = actionPolicies[action];
  const scale = testOverride?.scale ?? getEnv().RATE_LIMIT_SCALE ?? 1;
  return { ...policy, points: Math.max(1, Math.round(policy.points * scale)) };
}

let limiters = new Map<RateLimitedAction, Limiter>();
let testOverride: { store?: RateLimitStore; prefix?: string; scale?: number } | undefined;

function limiterFor(action: RateLimitedAction): Limiter {
  let limiter = limiters.get(action);
  if (!limiter) {
    limiter = createLimiter(
      effectiveActionPolicy(action),
      testOverride?.store ?? getRateLimitStore(),
      testOverride?.prefix,
      { blockInMemory: true },
    );
    limiters.set(action, limiter);
  }
  return limiter;
}

/**
 * Spends `points` of `userId`'s budget for `action`, or throws `rate_limited:<action>` (429 with
 * Retry-After and a message to show). Called by the domain function every entry point goes
 * through, before it writes anything.
 */
export async function limitAction(action: RateLimitedAction, userId: string, points = 1): Promise<void> {
  const policy = actionPolicies[action];
  await consumeAll([{ limiter: limiterFor(action), key: userId }], policy.code, points, policy.message);
}

/** Tests: another store, key prefix or scale for the action limits (undefined: the configured ones). */
export function setActionLimitsForTests(
  override: { store?: RateLimitStore; prefix?: string; scale?: number } | undefined,
): void {
  testOverride = override;
  limiters = new Map();
}
