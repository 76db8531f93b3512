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
    username?: string;
  }
}
