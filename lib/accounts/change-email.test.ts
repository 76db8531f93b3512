import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateWithPassword } from "@/lib/auth/authenticate";
import type { AuthLimiters } from "@/lib/rate-limit";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { redisStore, testAuthLimiters } from "@/tests/support/rate-limit-stores";
import { refusal } from "@/tests/support/refusal";
import { changeEmail } from "./change-email";
import { createAccount } from "./create-account";

let database: TestDatabase;
const store = redisStore();
let limiters: AuthLimiters;
const password = "harvard mark one relay";

beforeAll(async () => {
  database = await createTestDatabase();
  limiters = testAuthLimiters(store, "change-email");
});
afterAll(async () => {
  await database?.drop();
  store.client.disconnect();
});

describe("changeEmail", () => {
  it("moves sign-in to the new address after the password is confirmed", async () => {
    const { id } = await createAccount({
      db: database.db,
      limiters,
      input: { email: "howard@example.com", username: "howard", displayName: "Howard", password },
      ip: "203.0.113.90",
    });
    await createAccount({
      db: database.db,
      limiters,
      input: { email: "taken@example.com", username: "taken_one", displayName: "Taken", password },
      ip: "203.0.113.90",
    });
    const change = (email: string, confirm: string) =>
      changeEmail({ db: database.db, limiters, actor: { id }, input: { email, password: confirm } });

    expect((await refusal(change("new@example.com", "wrong password"))).fields).toEqual({
      password: "That is not your password.",
    });
    expect((await refusal(change("TAKEN@example.com", password))).fields).toEqual({
      email: "An account with this email already exists.",
    });

    await change("Howard.Aiken@Example.com", password);
    const signIn = (identifier: string) =>
      authenticateWithPassword({ db: database.db, limiters, identifier, password, ip: "203.0.113.91" });
    expect(await signIn("howard.aiken@example.com")).toMatchObject({ id });
    expect((await refusal(signIn("howard@example.com"))).code).toBe("unauthorized:credentials");
  });
});
