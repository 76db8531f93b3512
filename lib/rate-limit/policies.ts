/** How many points a key may spend per window. */
export interface RateLimitPolicy {
  /** Stable name, part of every stored key: changing it resets the counters. */
  name: string;
  points: number;
  durationSeconds: number;
}

/** A limit on something a signed-in person does, keyed on their user id. */
export interface ActionPolicy extends RateLimitPolicy {
  /** The refusal's error code (`rate_limited:<subject>`). */
  code: `rate_limited:${string}`;
  /** What to slow down, shown to the person before "Try again in N seconds." */
  message: string;
}

const MINUTE = 60;
const FIFTEEN_MINUTES = 15 * MINUTE;

// Every limit in one table. Sign-in and sign-up limits count failures (see lib/auth,
// lib/accounts); the action limits count every attempt, and are checked before anything is
// written (lib/rate-limit/actions.ts). RATE_LIMIT_SCALE multiplies the action limits only.

export const policies = {
  /**
   * Failed sign-ins against one account from one address. Per pair, not per account: a stranger
   * guessing from elsewhere slows only themselves, never the owner.
   */
  signInByAccountAndIp: { name: "sign-in:account-ip", points: 5, durationSeconds: FIFTEEN_MINUTES },
  /** Failed sign-ins from one address, whatever the account: stops spraying many accounts. */
  signInByIp: { name: "sign-in:ip", points: 5, durationSeconds: FIFTEEN_MINUTES },
  /** Wrong current passwords in a signed-in session (change password or email, delete account). */
  passwordByAccount: { name: "password:account", points: 5, durationSeconds: FIFTEEN_MINUTES },
  /** Refused sign-ups from one address (taken email or username): slows account enumeration. */
  signUpFailuresByIp: { name: "sign-up:ip-failures", points: 5, durationSeconds: FIFTEEN_MINUTES },
  /** Accounts created from one address: slows scripted account creation. */
  signUpCreatedByIp: { name: "sign-up:ip-created", points: 20, durationSeconds: 60 * MINUTE },
} as const satisfies Record<string, RateLimitPolicy>;

export const actionPolicies = {
  /** Far above anyone typing, well below a script: 2 messages a second in bursts. */
  send: {
    name: "message:send",
    points: 20,
    durationSeconds: 10,
    code: "rate_limited:send",
    message: "You're sending messages too fast.",
  },
  edit: {
    name: "message:edit",
    points: 30,
    durationSeconds: MINUTE,
    code: "rate_limited:edit",
    message: "You're editing messages too fast.",
  },
  /** Adding and removing alike. */
  react: {
    name: "reaction",
    points: 60,
    durationSeconds: MINUTE,
    code: "rate_limited:react",
    message: "You're reacting too fast.",
  },
  /** New direct conversations and groups (opening an existing one is free). */
  createConversation: {
    name: "conversation:create",
    points: 20,
    durationSeconds: 10 * MINUTE,
    code: "rate_limited:create_conversation",
    message: "You're starting conversations too fast.",
  },
  /** One point per person added to a group, including at its creation (room for one full group). */
  addMembers: {
    name: "group:add-members",
    points: 300,
    durationSeconds: 10 * MINUTE,
    code: "rate_limited:add_members",
    message: "You're adding people to groups too fast.",
  },
  /** Search as you type: a request per pause in typing. */
  searchPeople: {
    name: "people:search",
    points: 60,
    durationSeconds: MINUTE,
    code: "rate_limited:search",
    message: "You're searching too fast.",
  },
  /** Avatars and group icons: each is decoded and re-encoded, the costliest request there is. */
  upload: {
    name: "upload:image",
    points: 10,
    durationSeconds: 10 * MINUTE,
    code: "rate_limited:upload",
    message: "You're uploading too many images.",
  },
  /** Attachments (either driver): room for a few messages of 10 files a minute, not for a flood. */
  attach: {
    name: "upload:attachment",
    points: 60,
    durationSeconds: 10 * MINUTE,
    code: "rate_limited:attach",
    message: "You're uploading files too fast.",
  },
  /** Channel subscriptions and connection sign-ins: a few per page, more after a reconnect. */
  realtimeAuth: {
    name: "realtime:auth",
    points: 120,
    durationSeconds: MINUTE,
    code: "rate_limited:realtime_auth",
    message: "Too many live-update connections.",
  },
  devicePing: {
    name: "device:ping",
    points: 5,
    durationSeconds: MINUTE,
    code: "rate_limited:device_ping",
    message: "You're pinging your devices too often.",
  },
} as const satisfies Record<string, ActionPolicy>;

export type RateLimitedAction = keyof typeof actionPolicies;
