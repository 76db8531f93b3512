import { randomBytes, randomUUID } from "node:crypto";
import type { AccountSummary } from "@/lib/accounts/types";
import { getDb } from "@/lib/db";

// Test-only helpers for the chat domain: people and nonces. Imported by *.test.ts files only.

let counter = 0;

/** A real user row with a unique username; `name` becomes part of the username and display name. */
export async function createPerson(
  name = "person",
  extra: { deletedAt?: Date } = {},
): Promise<AccountSummary> {
  counter += 1;
  const username = `${name.toLowerCase().replace(/[^a-z0-9_]/g, "")}_${counter}_${randomBytes(2).toString("hex")}`;
  return getDb().user.create({
    data: { username, displayName: `${name} ${counter}`, deletedAt: extra.deletedAt ?? null },
    select: { id: true, username: true, displayName: true, avatar: true },
  });
}

export function nonce(): string {
  return randomUUID();
}

export function text(value: string) {
  return { text: value };
}
