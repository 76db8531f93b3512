import { describe, expect, it } from "vitest";
import { dummyPasswordHash, hashPassword, verifyAgainstDummy, verifyPassword } from "./password";

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

  // The work of a verification is set by the hash's parameters; equal parameters mean equal work,
  // which a timing comparison on a shared machine could only approximate.
  it("checks a missing account against a hash made with the same parameters as a real one", async () => {
    const parameters = (hash: string) => hash.split("$").slice(1, 4).join("$");
    const real = await hashPassword("a real password here");
    const dummy = await dummyPasswordHash();
    expect(parameters(dummy)).toBe(parameters(real));
    expect(parameters(dummy)).toBe("argon2id$v=19$m=19456,t=2,p=1");
    expect(await verifyAgainstDummy("anything")).toBe(false);
    expect(await verifyAgainstDummy("parley-dummy-password-never-matches")).toBe(false);
  });
});
