import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "@/lib/accounts/create-account";
import type { AuthLimiters } from "@/lib/rate-limit";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { redisStore, testAuthLimiters } from "@/tests/support/rate-limit-stores";
import { refusal } from "@/tests/support/refusal";
import { authenticateWithPassword, msUntilSignInAllowed } from "./authenticate";
import { INVALID_CREDENTIALS_MESSAGE } from "./messages";

let database: TestDatabase;
const store = redisStore();
let limiters: AuthLimiters;
let graceId: string;
const password = "compiler pioneer 1952 cobol";

beforeAll(async () => {
  database = await createTestDatabase();
  limiters = testAuthLimiters(store, "authenticate");
  const created = await createAccount({
    db: database.db,
    limiters,
    input: { email: "Grace@Example.com", username: "grace", displayName: "Grace Hopper", password },
    ip: "203.0.113.1",
  });
  graceId = created.id;
});
afterAll(async () => {
  await database?.drop();
  store.client.disconnect();
});

function signIn(identifier: string, attempt: string, ip = "203.0.113.10") {
  return authenticateWithPassword({ db: database.db, limiters, identifier, password: attempt, ip });
}

describe("authenticateWithPassword", () => {
  it("signs in by email in any case and by username", async () => {
    expect(await signIn("grace@example.COM", password)).toEqual({ id: graceId, sessionVersion: 0 });
    expect(await signIn("  Grace ", password)).toEqual({ id: graceId, sessionVersion: 0 });
  });

  it("answers a wrong password and an unknown account with the same error", async () => {
    const wrong = await refusal(signIn("grace", "not the password", "203.0.113.20"));
    const unknown = await refusal(signIn("nobody@example.com", password, "203.0.113.21"));
    expect(wrong.code).toBe("unauthorized:credentials");
    expect(unknown.code).toBe(wrong.code);
    expect(unknown.message).toBe(INVALID_CREDENTIALS_MESSAGE);
    expect(wrong.message).toBe(INVALID_CREDENTIALS_MESSAGE);
  });

  it("does not sign in a deleted account", async () => {
    const ip = "203.0.113.30";
    const limitersForDeleted = testAuthLimiters(store, "deleted");
    const { id } = await createAccount({
      db: database.db,
      limiters: limitersForDeleted,
      input: { email: "gone@example.com", username: "gone_user", displayName: "Gone", password },
      ip,
    });
    await database.db.user.update({ where: { id }, data: { deletedAt: new Date() } });
    const error = await refusal(
      authenticateWithPassword({
        db: database.db,
        limiters: limitersForDeleted,
        identifier: "gone_user",
        password,
        ip,
      }),
    );
    expect(error.code).toBe("unauthorized:credentials");
  });

  it("refuses the 6th rapid failure on one account from one address, even with the right password", async () => {
    const own = testAuthLimiters(store, "per-pair");
    const attempt = (identifier: string, secret: string, ip: string) =>
      authenticateWithPassword({ db: database.db, limiters: own, identifier, password: secret, ip });
    // Email and username are one account: failures by either add up.
    for (let i = 1; i <= 5; i++) {
      const error = await refusal(
        attempt(i % 2 ? "grace" : "grace@example.com", "wrong guess", "192.0.2.66"),
      );
      expect(error.code).toBe("unauthorized:credentials");
    }
    const sixth = await refusal(attempt("grace", password, "192.0.2.66"));
    expect(sixth.code).toBe("rate_limited:sign_in");
    expect(sixth.message).toMatch(/^Too many attempts\. Try again in \d+ seconds\.$/);
    expect(sixth.retryAfter).toBeGreaterThan(800);
    expect(sixth.retryAfter).toBeLessThanOrEqual(900);
    expect(
      await msUntilSignInAllowed({ db: database.db, limiters: own, identifier: "GRACE", ip: "192.0.2.66" }),
    ).toBeGreaterThan(0);
  });

  it("never locks the owner out because a stranger failed from another address", async () => {
    const own = testAuthLimiters(store, "stranger");
    for (let i = 0; i < 8; i++) {
      await refusal(
        authenticateWithPassword({
          db: database.db,
          limiters: own,
          identifier: "grace",
          password: `guess ${i}`,
          ip: "192.0.2.77",
        }),
      );
    }
    expect(
      await msUntilSignInAllowed({ db: database.db, limiters: own, identifier: "grace", ip: "192.0.2.78" }),
    ).toBe(0);
    expect(
      await authenticateWithPassword({
        db: database.db,
        limiters: own,
        identifier: "grace",
        password,
        ip: "192.0.2.78",
      }),
    ).toMatchObject({ id: graceId });
  });

  it("refuses the 6th rapid failure from one address across accounts", async () => {
    const own = testAuthLimiters(store, "per-ip");
    const ip = "192.0.2.200";
    for (let i = 0; i < 5; i++) {
      await refusal(
        authenticateWithPassword({
          db: database.db,
          limiters: own,
          identifier: `guess${i}@example.com`,
          password,
          ip,
        }),
      );
    }
    const error = await refusal(
      authenticateWithPassword({ db: database.db, limiters: own, identifier: "grace", password, ip }),
    );
    expect(error.code).toBe("rate_limited:sign_in");
    // The account itself is not locked for someone else.
    expect(
      await authenticateWithPassword({
        db: database.db,
        limiters: own,
        identifier: "grace",
        password,
        ip: "192.0.2.201",
      }),
    ).toMatchObject({ id: graceId });
  });

  it("gives the budget back on success, so people who sign in often are never limited", async () => {
    const own = testAuthLimiters(store, "success");
    for (let i = 0; i < 4; i++) {
      await refusal(
        authenticateWithPassword({
          db: database.db,
          limiters: own,
          identifier: "grace",
          password: "typo",
          ip: "192.0.2.50",
        }),
      );
    }
    for (let i = 0; i < 10; i++) {
      await authenticateWithPassword({
        db: database.db,
        limiters: own,
        identifier: "grace",
        password,
        ip: "192.0.2.50",
      });
    }
    expect(
      await msUntilSignInAllowed({ db: database.db, limiters: own, identifier: "grace", ip: "192.0.2.50" }),
    ).toBe(0);
  });
});
