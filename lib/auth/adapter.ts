import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Adapter, AdapterUser } from "next-auth/adapters";
import { createOAuthUser, oauthUserSelect } from "@/lib/accounts/oauth-user";
import type { Db } from "@/lib/db";

// The Auth.js Prisma adapter assumes its own User shape (name, image, unique email). Parley's
// users have a username, a display name and a case-insensitive email, so every user method is
// mapped here; account linking is the adapter's own. Sessions are JWTs: no session methods.

const userSelect = oauthUserSelect;

type SelectedUser = {
  id: string;
  email: string | null;
  emailVerified: Date | null;
  displayName: string;
  avatar: string | null;
  sessionVersion: number;
};

function toAdapterUser(user: SelectedUser): AdapterUser {
  return {
    id: user.id,
    email: user.email ?? "",
    emailVerified: user.emailVerified,
    name: user.displayName,
    image: user.avatar,
    sessionVersion: user.sessionVersion,
  };
}

export function createAuthAdapter(db: Db): Adapter {
  const base = PrismaAdapter(db);
  const live = { deletedAt: null };
  return {
    linkAccount: base.linkAccount,
    unlinkAccount: base.unlinkAccount,
    getAccount: base.getAccount,
    async createUser(user) {
      return toAdapterUser(await createOAuthUser({ db, ...user }));
    },
    async getUser(id) {
      const user = await db.user.findFirst({ where: { id, ...live }, select: userSelect });
      return user ? toAdapterUser(user) : null;
    },
    async getUserByEmail(email) {
      const user = await db.user.findFirst({
        where: { emailNormalized: email.trim().toLowerCase(), ...live },
        select: userSelect,
      });
      return user ? toAdapterUser(user) : null;
    },
    async getUserByAccount({ provider, providerAccountId }) {
      const account = await db.account.findUnique({
        where: { provider_providerAccountId: { provider, providerAccountId } },
        select: { user: { select: { ...userSelect, deletedAt: true } } },
      });
      return account && !account.user.deletedAt ? toAdapterUser(account.user) : null;
    },
    async updateUser({ id, emailVerified }) {
      // Auth.js only updates emailVerified (email sign-in); profile edits go through lib/accounts.
      const user = await db.user.update({
        where: { id },
        data: emailVerified === undefined ? {} : { emailVerified },
        select: userSelect,
      });
      return toAdapterUser(user);
    },
  };
}
