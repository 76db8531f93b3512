import "server-only";
import { type Algorithm, hash, verify } from "@node-rs/argon2";

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): ~15 ms per verification on this 2-core machine,
// slow enough for offline guessing, fast enough not to make sign-in a denial-of-service lever.
// `Algorithm` is an ambient const enum, which isolated modules cannot read: 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** False for a wrong password and for a hash that cannot be parsed; never throws for either. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash cannot match any password; treating it as a mismatch keeps the
    // sign-in answer generic. It is logged because it means a damaged row.
    console.error("A stored password hash could not be parsed.");
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** The hash the dummy check verifies against: made with the same parameters as every real one. */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword("parley-dummy-password-never-matches");
  return dummyHash;
}

/**
 * Spends the same work as a real verification when there is no account (or no password) to
 * check, so the response time does not tell whether an account exists.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(await dummyPasswordHash(), password);
  return false;
}
