import type { DefaultSession } from "next-auth";

// What Parley keeps in the session token and exposes on `session.user`.

declare module "next-auth" {
  interface Session {
    user: {
      id: string;
      username: string;
      displayName: string;
      avatar: string | null;
    } & DefaultSession["user"];
  }
  interface User {
    sessionVersion?: number;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    /** Must equal the user's row; bumping the row signs out every older session. */
    sessionVersion?: number;
    /** This session's random id, drawn at sign-in; "Sign out" revokes it (RevokedSession). */
    sid?: string;
    username?: string;
  }
}
