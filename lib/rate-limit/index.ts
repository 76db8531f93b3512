import "server-only";
import { type AuthLimiters, createAuthLimiters } from "./auth-limiters";
import { getRateLimitStore } from "./store";

export type { AuthLimiters } from "./auth-limiters";
export { getClientIp } from "./client-ip";
export { consumeAll, type Limiter, msUntilAllowed, rateLimitedError } from "./limiter";
export { policies } from "./policies";

let authLimiters: AuthLimiters | undefined;

/** The sign-in / sign-up limiters on the configured shared store. */
export function getAuthLimiters(): AuthLimiters {
  authLimiters ??= createAuthLimiters(getRateLimitStore());
  return authLimiters;
}
