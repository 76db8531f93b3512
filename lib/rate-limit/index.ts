import "server-only";
import { getEnv } from "@/lib/env";
import { type AuthLimiters, createAuthLimiters } from "./auth-limiters";
import { addressLimitKey, CLIENT_IP_HEADER, resolveClientIp } from "./client-ip";
import { getRateLimitStore } from "./store";

export type { AuthLimiters } from "./auth-limiters";
export { consumeAll, type Limiter, msUntilAllowed, rateLimitedError } from "./limiter";
export { policies } from "./policies";

let authLimiters: AuthLimiters | undefined;

/** The sign-in / sign-up limiters on the configured shared store. */
export function getAuthLimiters(): AuthLimiters {
  authLimiters ??= createAuthLimiters(getRateLimitStore());
  return authLimiters;
}

/**
 * The address per-address limits are keyed on (an IPv6 client by its /64: addressLimitKey).
 * Behind the launcher its HTTP server worked it out from the socket (and TRUSTED_PROXIES) and
 * replaced any copy of the header a client sent. Without it (serverless), the platform's proxy is
 * the socket we cannot see, and X-Forwarded-For is read as far as TRUSTED_PROXIES allows.
 */
export function getClientIp(headers: Headers): string {
  const env = getEnv();
  if (env.LAUNCHER_CLIENT_IP) return addressLimitKey(headers.get(CLIENT_IP_HEADER) ?? "unknown");
  return addressLimitKey(
    resolveClientIp({
      socketAddress: undefined,
      forwardedFor: headers.get("x-forwarded-for"),
      trustedProxies: env.TRUSTED_PROXIES,
    }),
  );
}

export { effectiveActionPolicy, limitAction } from "./actions";
