import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateWithPassword } from "@/lib/auth/authenticate";
import { findSessionUser } from "@/lib/auth/session";
import type { AuthLimiters } from "@/lib/rate-limit";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { redisStore, testAuthLimiters } from "@/tests/support/rate-limit-stores";
import { refusal } from "@/tests/support/refusal";
import { createAccount } from "./create-account";
import { deleteAccount } from "./delete-account";

let database: TestDatabase;
const store = redisStore();
let limiters: AuthLimiters;
const password = "jacquard loom woven cards";

beforeAll(async () => {
  database = await createTestDatabase();
  limiters = testAuthLimiters(store, "delete-account");
});
afterAll(async () => {
  await database?.drop();
  store.client.disconnect();
});

const input = { email: "Mary@Example.com", username: "mary", displayName: "Mary Somerville", password };

describe("deleteAccount", () => {
  it("needs the username typed and the password, then erases the person and ends their sessions", async () => {
    const { id, sessionVersion } = await createAccount({
      db: database.db,
      limiters,
      input,
      ip: "203.0.113.80",
    });
    const typo = await refusal(
      deleteAccount({
        db: database.db,
        limiters,
        actor: { id },
        input: { confirmUsername: "marry", password },
      }),
    );
    expect(typo.fields?.confirmUsername).toBe("Type mary to confirm.");
    const wrong = await refusal(
      deleteAccount({
        db: database.db,
        limiters,
        actor: { id },
        input: { confirmUsername: "mary", password: "nope nope" },
      }),
    );
    expect(wrong.fields?.password).toBe("That is not your password.");
    expect(await database.db.user.count({ where: { id, deletedAt: null } })).toBe(1);

    await deleteAccount({
      db: database.db,
      limiters,
      actor: { id },
      input: { confirmUsername: "mary", password },
    });
    const row = await database.db.user.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      email: null,
      emailNormalized: null,
      passwordHash: null,
      displayName: "Deleted user",
    });
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(await findSessionUser({ userId: id, sessionVersion })).toBeNull();
    const signIn = await refusal(
      authenticateWithPassword({
        db: database.db,
        limiters,
        identifier: "mary",
        password,
        ip: "203.0.113.81",
      }),
    );
    expect(signIn.code).toBe("unauthorized:credentials");

    // The email is free again; the username stays reserved so old mentions never change owner.
    const again = await createAccount({
      db: database.db,
      limiters,
      input: { ...input, username: "mary_again" },
      ip: "203.0.113.82",
    });
    expect(again.id).not.toBe(id);
  });
});
