import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usernameStem } from "@/lib/accounts/oauth-user";
import { parseServerEnv } from "@/lib/env";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { createAuthAdapter } from "./adapter";
import { configuredOAuthProviders } from "./providers";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

describe("OAuth adapter", () => {
  it("creates a user with a derived username, links the account and finds it again", async () => {
    const adapter = createAuthAdapter(database.db);
    const user = await adapter.createUser?.({
      id: "ignored",
      email: "Linus@Example.com",
      emailVerified: null,
      name: "Linus T.",
      image: "https://avatars.example.com/u/1",
    });
    expect(user).toMatchObject({
      email: "Linus@Example.com",
      name: "Linus T.",
      image: "https://avatars.example.com/u/1",
    });
    const row = await database.db.user.findUniqueOrThrow({ where: { id: user?.id ?? "" } });
    expect(row).toMatchObject({
      username: "linus",
      emailNormalized: "linus@example.com",
      passwordHash: null,
    });

    await adapter.linkAccount?.({
      userId: row.id,
      type: "oauth",
      provider: "github",
      providerAccountId: "42",
    });
    expect(await adapter.getUserByAccount?.({ provider: "github", providerAccountId: "42" })).toMatchObject({
      id: row.id,
    });
    expect(await adapter.getUserByEmail?.("LINUS@example.COM")).toMatchObject({ id: row.id });
    expect(await adapter.getUserByAccount?.({ provider: "github", providerAccountId: "43" })).toBeNull();
  });

  it("adds a suffix when the derived username is taken", async () => {
    const adapter = createAuthAdapter(database.db);
    const user = await adapter.createUser?.({
      id: "x",
      email: "linus@other.example",
      emailVerified: null,
      name: null,
    });
    const row = await database.db.user.findUniqueOrThrow({ where: { id: user?.id ?? "" } });
    expect(row.username).toMatch(/^linus_\d{5}$/);
    expect(row.displayName).toBe("linus");
  });

  it("never derives a reserved username such as everyone", async () => {
    const adapter = createAuthAdapter(database.db);
    const user = await adapter.createUser?.({ id: "x", email: "everyone@example.com", emailVerified: null });
    const row = await database.db.user.findUniqueOrThrow({ where: { id: user?.id ?? "" } });
    expect(row.username).toMatch(/^everyone_\d{5}$/);
  });

  it("no longer finds a deleted user", async () => {
    const adapter = createAuthAdapter(database.db);
    const user = await adapter.createUser?.({ id: "x", email: "gone@example.com", emailVerified: null });
    await database.db.user.update({ where: { id: user?.id ?? "" }, data: { deletedAt: new Date() } });
    expect(await adapter.getUser?.(user?.id ?? "")).toBeNull();
    expect(await adapter.getUserByEmail?.("gone@example.com")).toBeNull();
  });
});

describe("usernameStem", () => {
  it.each([
    ["Ada.Lovelace@example.com", "ada_lovelace"],
    ["José Núñez", "jose_nunez"],
    ["李", "user"],
    ["x@example.com", "user"],
    [`${"a".repeat(40)}@example.com`, "a".repeat(26)],
  ])("%j → %j", (source, stem) => {
    expect(usernameStem(source)).toBe(stem);
  });
});

describe("configuredOAuthProviders", () => {
  it("offers a provider only when both its id and secret are set", () => {
    expect(configuredOAuthProviders(parseServerEnv({}))).toEqual([]);
    expect(configuredOAuthProviders(parseServerEnv({ AUTH_GITHUB_ID: "id" }))).toEqual([]);
    const both = configuredOAuthProviders(
      parseServerEnv({
        AUTH_GITHUB_ID: "gh",
        AUTH_GITHUB_SECRET: "s1",
        AUTH_GOOGLE_ID: "go",
        AUTH_GOOGLE_SECRET: "s2",
      }),
    );
    expect(both.map((p) => p.name)).toEqual(["GitHub", "Google"]);
  });
});
