import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateWithPassword } from "@/lib/auth/authenticate";
import { findSessionUser } from "@/lib/auth/session";
import type { AuthLimiters } from "@/lib/rate-limit";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { redisStore, testAuthLimiters } from "@/tests/support/rate-limit-stores";
import { refusal } from "@/tests/support/refusal";
import { changePassword } from "./change-password";
import { createAccount } from "./create-account";

let database: TestDatabase;
const store = redisStore();
let limiters: AuthLimiters;
const original = "difference engine punch cards";

beforeAll(async () => {
  database = await createTestDatabase();
  limiters = testAuthLimiters(store, "change-password");
});
afterAll(async () => {
  await database?.drop();
  store.client.disconnect();
});

async function newUser(username: string) {
  return createAccount({
    db: database.db,
    limiters,
    input: { email: `${username}@example.com`, username, displayName: username, password: original },
    ip: "203.0.113.70",
  });
}

describe("changePassword", () => {
  it("replaces the password and invalidates every older session", async () => {
    const { id, sessionVersion } = await newUser("charles");
    const next = "analytical engine mill store";
    const result = await changePassword({
      db: database.db,
      limiters,
      actor: { id },
      input: { currentPassword: original, newPassword: next },
    });
    expect(result.sessionVersion).toBe(sessionVersion + 1);
    expect(await findSessionUser({ userId: id, sessionVersion })).toBeNull();
    const signIn = (password: string) =>
      authenticateWithPassword({
        db: database.db,
        limiters,
        identifier: "charles",
        password,
        ip: "203.0.113.71",
      });
    expect((await refusal(signIn(original))).code).toBe("unauthorized:credentials");
    expect(await signIn(next)).toEqual({ id, sessionVersion: sessionVersion + 1 });
  });

  it("refuses a wrong current password and a guessable new one, changing nothing", async () => {
    const { id, sessionVersion } = await newUser("augusta");
    const wrong = await refusal(
      changePassword({
        db: database.db,
        limiters,
        actor: { id },
        input: { currentPassword: "not it at all", newPassword: "a perfectly fine phrase" },
      }),
    );
    expect(wrong.fields).toEqual({ currentPassword: "That is not your current password." });
    const weak = await refusal(
      changePassword({
        db: database.db,
        limiters,
        actor: { id },
        input: { currentPassword: original, newPassword: "password123" },
      }),
    );
    expect(weak.fields?.newPassword).toMatch(/too common/);
    expect(await findSessionUser({ userId: id, sessionVersion })).not.toBeNull();
  });

  it("stops guessing the current password after five wrong tries", async () => {
    const { id } = await newUser("mallory");
    const attempt = (currentPassword: string) =>
      changePassword({
        db: database.db,
        limiters,
        actor: { id },
        input: { currentPassword, newPassword: "another fine long phrase" },
      });
    for (let i = 0; i < 5; i++) expect((await refusal(attempt(`guess ${i}`))).kind).toBe("invalid");
    expect((await refusal(attempt(original))).code).toBe("rate_limited:change_password");
  });
});
