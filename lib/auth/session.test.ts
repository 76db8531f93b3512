import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "@/lib/accounts/create-account";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { redisStore, testAuthLimiters } from "@/tests/support/rate-limit-stores";
import { bumpSessionVersion, findSessionUser } from "./session";

let database: TestDatabase;
const store = redisStore();

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
  store.client.disconnect();
});

describe("session version", () => {
  it("accepts the current version, and no older one once it is bumped", async () => {
    const { id, sessionVersion } = await createAccount({
      db: database.db,
      limiters: testAuthLimiters(store, "session"),
      input: {
        email: "alan@example.com",
        username: "alan",
        displayName: "Alan",
        password: "enigma bombe hut eight",
      },
      ip: "203.0.113.5",
    });
    const current = await findSessionUser({ userId: id, sessionVersion });
    expect(current).toEqual({ id, username: "alan", displayName: "Alan", avatar: null });
    // The session user never carries the password hash.
    expect(current).not.toHaveProperty("passwordHash");

    const next = await bumpSessionVersion({ db: database.db, userId: id });
    expect(next).toBe(sessionVersion + 1);
    expect(await findSessionUser({ userId: id, sessionVersion })).toBeNull();
    expect(await findSessionUser({ userId: id, sessionVersion: next })).not.toBeNull();

    await database.db.user.update({ where: { id }, data: { deletedAt: new Date() } });
    expect(await findSessionUser({ userId: id, sessionVersion: next })).toBeNull();
  });
});
