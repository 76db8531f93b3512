import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountSummary } from "@/lib/accounts/profile";
import { createPerson } from "@/lib/chat/testing/fixtures";
import { getDb } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { bumpSessionVersion } from "./session";
import { readSessionUser, usesSecureCookies } from "./session-reader";

let database: TestDatabase;
let ana: AccountSummary;
const env: { AUTH_SECRET: string; AUTH_URL?: string } = {
  AUTH_SECRET: "session-reader-test-secret-0123456789abcdef",
};
const PLAIN = "authjs.session-token";
const SECURE = "__Secure-authjs.session-token";

beforeAll(async () => {
  database = await createTestDatabase();
  ana = await createPerson("Ana");
});
afterAll(async () => {
  await database?.drop();
});

/** A session cookie exactly as Auth.js writes it: the cookie name is also the salt. */
function token(
  claims: Record<string, unknown>,
  { salt = PLAIN, secret = env.AUTH_SECRET, maxAge = 3600 } = {},
): Promise<string> {
  return encode({ token: claims, secret, salt, maxAge });
}

function read(cookie: string, extra: Record<string, string> = {}, options = env) {
  return readSessionUser({
    headers: new Headers({ cookie, "x-forwarded-proto": "http", ...extra }),
    env: options,
  });
}

describe("readSessionUser", () => {
  it("returns the account of a valid session cookie, fresh from the database", async () => {
    const cookie = `${PLAIN}=${await token({ sub: ana.id, sessionVersion: 0 })}`;
    expect(await read(cookie)).toEqual(ana);
    await getDb().user.update({ where: { id: ana.id }, data: { displayName: "Ana Renamed" } });
    expect(await read(cookie)).toEqual({ ...ana, displayName: "Ana Renamed" });
    await getDb().user.update({ where: { id: ana.id }, data: { displayName: ana.displayName } });
  });

  it("refuses no cookie, a tampered one, another secret's, an expired one and one without a subject", async () => {
    const valid = await token({ sub: ana.id, sessionVersion: 0 });
    const tampered = `${valid.slice(0, -4)}${valid.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
    const cases = [
      "",
      `${PLAIN}=${tampered}`,
      `${PLAIN}=${await token({ sub: ana.id, sessionVersion: 0 }, { secret: "another-secret-0123456789abcdef0123" })}`,
      `${PLAIN}=${await token({ sub: ana.id, sessionVersion: 0 }, { maxAge: -60 })}`,
      `${PLAIN}=${await token({ sessionVersion: 0 })}`,
      // Another salt: a token minted for a different cookie name does not decrypt under this one.
      `${PLAIN}=${await token({ sub: ana.id, sessionVersion: 0 }, { salt: SECURE })}`,
    ];
    for (const cookie of cases) expect(await read(cookie)).toBeNull();
  });

  it("ends a session whose version moved on or whose account was deleted, even for a cookie read before", async () => {
    const person = await createPerson("Ben");
    const cookie = `${PLAIN}=${await token({ sub: person.id, sessionVersion: 0 })}`;
    expect(await read(cookie)).toEqual(person);
    await bumpSessionVersion({ db: getDb(), userId: person.id });
    expect(await read(cookie)).toBeNull();

    const cat = await createPerson("Cat");
    const catCookie = `${PLAIN}=${await token({ sub: cat.id, sessionVersion: 0 })}`;
    expect(await read(catCookie)).toEqual(cat);
    await getDb().user.update({ where: { id: cat.id }, data: { deletedAt: new Date() } });
    expect(await read(catCookie)).toBeNull();
  });

  it("reads the __Secure- cookie over https, as Auth.js names it there, and only that one", async () => {
    const plain = `${PLAIN}=${await token({ sub: ana.id, sessionVersion: 0 })}`;
    const secure = `${SECURE}=${await token({ sub: ana.id, sessionVersion: 0 }, { salt: SECURE })}`;
    const https = { "x-forwarded-proto": "https" };
    expect(await read(secure, https)).toEqual(ana);
    expect(await read(plain, https)).toBeNull();
    expect(await read(secure)).toBeNull();
    expect(await read(secure, {}, { ...env, AUTH_URL: "https://chat.example.com" })).toEqual(ana);
  });

  it("joins a cookie Auth.js split into chunks, and ignores bearer tokens", async () => {
    const value = await token({ sub: ana.id, sessionVersion: 0 });
    const middle = Math.floor(value.length / 2);
    expect(await read(`${PLAIN}.1=${value.slice(middle)}; ${PLAIN}.0=${value.slice(0, middle)}`)).toEqual(
      ana,
    );
    expect(await read("", { authorization: `Bearer ${value}` })).toBeNull();
  });
});

describe("usesSecureCookies", () => {
  it("follows AUTH_URL when set, else x-forwarded-proto, else https", () => {
    const headers = (proto?: string) => new Headers(proto ? { "x-forwarded-proto": proto } : {});
    expect(usesSecureCookies(headers("http"), { AUTH_URL: "https://chat.example.com" })).toBe(true);
    expect(usesSecureCookies(headers("https"), { AUTH_URL: "http://localhost:3000" })).toBe(false);
    expect(usesSecureCookies(headers("http"), { AUTH_URL: undefined })).toBe(false);
    expect(usesSecureCookies(headers("https"), { AUTH_URL: undefined })).toBe(true);
    expect(usesSecureCookies(headers(), { AUTH_URL: undefined })).toBe(true);
  });
});
