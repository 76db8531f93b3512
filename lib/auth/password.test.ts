import { describe, expect, it } from "vitest";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "./password";

describe("password hashing", () => {
  it("hashes with argon2id and verifies only the same password", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(hash, "correct horse battery stapler")).toBe(false);
  });

  it("salts every hash", async () => {
    const [a, b] = await Promise.all([
      hashPassword("same password twice"),
      hashPassword("same password twice"),
    ]);
    expect(a).not.toBe(b);
  });

  it("treats an unparseable stored hash as a mismatch instead of throwing", async () => {
    expect(await verifyPassword("not-a-hash", "anything at all")).toBe(false);
  });

  it("spends comparable time on the dummy check as on a real one", async () => {
    const hash = await hashPassword("a real password here");
    await verifyAgainstDummy("warm up the dummy hash");
    const time = async (run: () => Promise<unknown>) => {
      const start = performance.now();
      for (let i = 0; i < 5; i++) await run();
      return performance.now() - start;
    };
    const real = await time(() => verifyPassword(hash, "a wrong password"));
    const dummy = await time(() => verifyAgainstDummy("a wrong password"));
    expect(await verifyAgainstDummy("anything")).toBe(false);
    // Same parameters, same work: within a factor of two either way on a noisy machine.
    expect(dummy / real).toBeGreaterThan(0.5);
    expect(dummy / real).toBeLessThan(2);
  });
});
