import { createLimiter, type Limiter } from "./limiter";
import { policies } from "./policies";
import type { RateLimitStore } from "./store";

export interface AuthLimiters {
  signInByAccountAndIp: Limiter;
  signInByIp: Limiter;
  passwordByAccount: Limiter;
  signUpFailuresByIp: Limiter;
  signUpCreatedByIp: Limiter;
}

export function createAuthLimiters(store: RateLimitStore, prefix?: string): AuthLimiters {
  return {
    signInByAccountAndIp: createLimiter(policies.signInByAccountAndIp, store, prefix),
    signInByIp: createLimiter(policies.signInByIp, store, prefix),
    passwordByAccount: createLimiter(policies.passwordByAccount, store, prefix),
    signUpFailuresByIp: createLimiter(policies.signUpFailuresByIp, store, prefix),
    signUpCreatedByIp: createLimiter(policies.signUpCreatedByIp, store, prefix),
  };
}
