/** How many attempts a key may spend per window. Failed attempts cost a point; see lib/auth. */
export interface RateLimitPolicy {
  /** Stable name, part of every stored key: changing it resets the counters. */
  name: string;
  points: number;
  durationSeconds: number;
}

const FIFTEEN_MINUTES = 15 * 60;

export const policies = {
  /** Failed sign-ins against one account, from anywhere: stops password guessing on it. */
  signInByAccount: { name: "sign-in:account", points: 5, durationSeconds: FIFTEEN_MINUTES },
  /** Failed sign-ins from one address, whatever the account: stops spraying many accounts. */
  signInByIp: { name: "sign-in:ip", points: 5, durationSeconds: FIFTEEN_MINUTES },
  /** Refused sign-ups from one address (taken email or username): slows account enumeration. */
  signUpFailuresByIp: { name: "sign-up:ip-failures", points: 5, durationSeconds: FIFTEEN_MINUTES },
  /** Accounts created from one address: slows scripted account creation. */
  signUpCreatedByIp: { name: "sign-up:ip-created", points: 20, durationSeconds: 60 * 60 },
} as const satisfies Record<string, RateLimitPolicy>;
