import type { Db } from "@/lib/db";
import type { AuthLimiters } from "@/lib/rate-limit";

/** What the app shows of a person: never the email or the password hash. Safe to send to the browser. */
export interface AccountSummary {
  id: string;
  username: string;
  displayName: string;
  avatar: string | null;
}

/** Whoever performs a domain operation; authorization is checked against this id. */
export interface Actor {
  id: string;
}

/** A change a person makes to their own account, confirmed with their password. */
export interface AccountChange<Input> {
  db?: Db;
  limiters: AuthLimiters;
  actor: Actor;
  input: Input;
}
