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
