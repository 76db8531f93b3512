import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuthLimiters } from "@/lib/rate-limit";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { redisStore, testAuthLimiters } from "@/tests/support/rate-limit-stores";
import { refusal } from "@/tests/support/refusal";
import { createAccount } from "./create-account";
import { type SignUpInput, signUpSchema } from "./schemas";

let database: TestDatabase;
const store = redisStore();
let limiters: AuthLimiters;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
  store.client.disconnect();
});

const validInput: SignUpInput = {
  email: "Ada@Example.com",
  username: "ada_l",
  displayName: "Ada Lovelace",
  password: "analytical engine notes 1843",
};

describe("signUpSchema", () => {
  it("accepts valid input and normalises username case and whitespace", () => {
    const parsed = signUpSchema.parse({ ...validInput, username: " Ada_L ", displayName: "  Ada  " });
    expect(parsed.username).toBe("ada_l");
    expect(parsed.displayName).toBe("Ada");
  });

  it.each([
    ["email", "not-an-email", "valid email"],
    ["username", "ab", "at least 3"],
    ["username", "a".repeat(33), "at most 32"],
    ["username", "ada-l", "letters, digits and underscores"],
    ["username", "Everyone", "reserved"],
    ["displayName", "   ", "Enter a display name"],
    ["displayName", "x".repeat(65), "at most 64"],
    ["password", "short9", "at least 10"],
  ] as const)("refuses %s %j with a field message", (field, value, message) => {
    const result = signUpSchema.safeParse({ ...validInput, [field]: value });
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((i) => i.path[0] === field);
    expect(issue?.message).toContain(message);
  });
});

describe("createAccount", () => {
  beforeAll(() => {
    limiters = testAuthLimiters(store, "create-account");
  });

  it("stores a lowercase email identity, the username and an argon2id hash", async () => {
    const created = await createAccount({ db: database.db, limiters, input: validInput, ip: "198.51.100.1" });
    const row = await database.db.user.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({
      email: "Ada@Example.com",
      emailNormalized: "ada@example.com",
      username: "ada_l",
      displayName: "Ada Lovelace",
      sessionVersion: 0,
    });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(validInput.password);
  });

  it("refuses an email that differs only in case, naming the field, and changes nothing", async () => {
    const before = await database.db.user.count();
    const error = await refusal(
      createAccount({
        db: database.db,
        limiters,
        input: { ...validInput, email: "ADA@example.COM", username: "someone_else" },
        ip: "198.51.100.2",
      }),
    );
    expect(error.code).toBe("conflict:account");
    expect(error.fields?.email).toMatch(/already exists/);
    expect(error.fields?.username).toBeUndefined();
    expect(await database.db.user.count()).toBe(before);
  });

  it("refuses a taken username typed in another case", async () => {
    const input = signUpSchema.parse({ ...validInput, email: "other@example.com", username: "ADA_L" });
    const error = await refusal(createAccount({ db: database.db, limiters, input, ip: "198.51.100.3" }));
    expect(error.fields).toEqual({ username: "This username is taken." });
  });

  it.each(["password123", "qwertyuiop", "1234567890", "new_person2024"])(
    "refuses the guessable password %j",
    async (password) => {
      const error = await refusal(
        createAccount({
          db: database.db,
          limiters,
          input: { ...validInput, email: "new@example.com", username: "new_person", password },
          ip: "198.51.100.4",
        }),
      );
      expect(error.code).toBe("invalid:sign_up");
      expect(error.fields?.password).toMatch(/too common/);
      expect(await database.db.user.count({ where: { username: "new_person" } })).toBe(0);
    },
  );

  it("refuses further sign-ups from an address after five taken-name refusals", async () => {
    const ip = "198.51.100.99";
    const taken = { ...validInput, username: "fresh_name" };
    for (let i = 0; i < 5; i++) {
      expect((await refusal(createAccount({ db: database.db, limiters, input: taken, ip }))).kind).toBe(
        "conflict",
      );
    }
    const fresh = { ...validInput, email: "fresh@example.com", username: "fresh_name" };
    const error = await refusal(createAccount({ db: database.db, limiters, input: fresh, ip }));
    expect(error.code).toBe("rate_limited:sign_up");
    expect(error.message).toMatch(/^Too many attempts\. Try again in \d+ seconds\.$/);
    expect(await database.db.user.count({ where: { username: "fresh_name" } })).toBe(0);
    // Another address is unaffected.
    await createAccount({ db: database.db, limiters, input: fresh, ip: "198.51.100.100" });
  });
});
