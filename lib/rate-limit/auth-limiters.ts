import { createLimiter, type Limiter } from "./limiter";
import { policies } from "./policies";
import type { RateLimitStore } from "./store";

export interface AuthLimiters {
  signInByAccount: Limiter;
  signInByIp: Limiter;
  signUpFailuresByIp: Limiter;
  signUpCreatedByIp: Limiter;
}

export function createAuthLimiters(store: RateLimitStore, prefix?: string): AuthLimiters {
  return {
    signInByAccount: createLimiter(policies.signInByAccount, store, prefix),
    signInByIp: createLimiter(policies.signInByIp, store, prefix),
    signUpFailuresByIp: createLimiter(policies.signUpFailuresByIp, store, prefix),
    signUpCreatedByIp: createLimiter(policies.signUpCreatedByIp, store, prefix),
  };
}
