import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseServerEnv } from "./env";

describe("parseServerEnv", () => {
  it("gives zero-config defaults", () => {
    const env = parseServerEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.dataDir).toBe(path.resolve(".data"));
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REALTIME_PORT).toBe(6001);
    expect(env.REALTIME_ENABLE_CLIENT_EVENTS).toBe(true);
  });

  it("treats empty strings as unset", () => {
    const env = parseServerEnv({ DATABASE_URL: "", PUSHER_PORT: "" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PUSHER_PORT).toBeUndefined();
  });

  it("resolves a relative DATA_DIR from the app's folder (PARLEY_ROOT), not the working directory", () => {
    expect(parseServerEnv({ PARLEY_ROOT: "/srv/parley" }).dataDir).toBe("/srv/parley/.data");
    expect(parseServerEnv({ PARLEY_ROOT: "/srv/parley", DATA_DIR: "store" }).dataDir).toBe(
      "/srv/parley/store",
    );
    expect(parseServerEnv({ PARLEY_ROOT: "/srv/parley", DATA_DIR: "/var/parley" }).dataDir).toBe(
      "/var/parley",
    );
    expect(parseServerEnv({ PARLEY_ROOT: "/srv/parley" }).rootDir).toBe("/srv/parley");
  });

  it("honours DATA_DIR and PORT", () => {
    const env = parseServerEnv({ DATA_DIR: "/tmp/parley-x", PORT: "4100" });
    expect(env.dataDir).toBe("/tmp/parley-x");
    expect(env.PORT).toBe(4100);
  });

  it("listens on every interface whatever HOSTNAME names (Docker sets it to the container id)", () => {
    expect(parseServerEnv({}).listenHost).toBeUndefined();
    expect(parseServerEnv({ HOSTNAME: "3f2a1b9c8d7e" }).listenHost).toBeUndefined();
    expect(parseServerEnv({ HOSTNAME: "parley-7d9f8b6c5-x2k4q" }).listenHost).toBeUndefined();
    expect(parseServerEnv({ HOSTNAME: "localhost" }).listenHost).toBeUndefined();
  });

  it("listens where LISTEN_HOST says, or on an IP address in HOSTNAME (older configurations)", () => {
    expect(parseServerEnv({ LISTEN_HOST: "127.0.0.1", HOSTNAME: "10.0.0.2" }).listenHost).toBe("127.0.0.1");
    expect(parseServerEnv({ LISTEN_HOST: "[::1]" }).listenHost).toBe("::1");
    expect(parseServerEnv({ HOSTNAME: "0.0.0.0" }).listenHost).toBe("0.0.0.0");
    expect(parseServerEnv({ HOSTNAME: "[::]" }).listenHost).toBe("::");
  });

  it.each([
    ["DATABASE_URL", "mysql://localhost/db"],
    ["DATABASE_URL", "postgres://"],
    ["PORT", "70000"],
    ["PORT", "abc"],
    ["PUSHER_PORT", "60a"],
    ["PUSHER_USE_TLS", "maybe"],
    ["REALTIME_WEBHOOK_URL", "not a url"],
  ])("names a malformed %s in one clear error", (name, value) => {
    expect(() => parseServerEnv({ [name]: value })).toThrow(EnvError);
    expect(() => parseServerEnv({ [name]: value })).toThrow(new RegExp(`^Invalid configuration: ${name} `));
  });

  it("parses booleans", () => {
    expect(parseServerEnv({ PUSHER_USE_TLS: "false" }).PUSHER_USE_TLS).toBe(false);
    expect(parseServerEnv({ PUSHER_USE_TLS: "1" }).PUSHER_USE_TLS).toBe(true);
    expect(parseServerEnv({ REALTIME_ENABLE_CLIENT_EVENTS: "false" }).REALTIME_ENABLE_CLIENT_EVENTS).toBe(
      false,
    );
  });

  it("refuses an AUTH_SECRET under 32 characters, naming it, and accepts 32", () => {
    const short = "x".repeat(31);
    expect(() => parseServerEnv({ AUTH_SECRET: short })).toThrow(
      /^Invalid configuration: AUTH_SECRET must be at least 32 characters long \(generate one with: openssl rand -base64 32\)/,
    );
    expect(parseServerEnv({ AUTH_SECRET: "x".repeat(32) }).AUTH_SECRET).toBe("x".repeat(32));
    // Padding does not count: the value is trimmed first.
    expect(() => parseServerEnv({ AUTH_SECRET: `  ${short}  ` })).toThrow(/AUTH_SECRET/);
  });

  it("refuses a PUSHER_SECRET under 16 characters, and accepts hosted Pusher's 20 hex characters", () => {
    expect(() => parseServerEnv({ PUSHER_SECRET: "secret" })).toThrow(
      /^Invalid configuration: PUSHER_SECRET must be at least 16 characters long/,
    );
    expect(() => parseServerEnv({ PUSHER_SECRET: "x".repeat(15) })).toThrow(EnvError);
    expect(parseServerEnv({ PUSHER_SECRET: "7ad3773142a6692b25b8" }).PUSHER_SECRET).toBe(
      "7ad3773142a6692b25b8",
    );
  });

  it("still treats empty secrets as unset (the launcher generates them in development)", () => {
    const env = parseServerEnv({ AUTH_SECRET: "", PUSHER_SECRET: " " });
    expect(env.AUTH_SECRET).toBeUndefined();
    expect(env.PUSHER_SECRET).toBeUndefined();
  });
});

describe("PostgreSQL configuration", () => {
  const pooled = "postgresql://app@pooler.example.com:6543/parley";
  const direct = "postgresql://app@db.example.com:5432/parley";

  it("is absent without DATABASE_URL, even when a platform has set its direct URL names", () => {
    expect(parseServerEnv({}).postgres).toBeUndefined();
    expect(parseServerEnv({ DATABASE_URL_UNPOOLED: direct, POSTGRES_URL_NON_POOLING: direct }).postgres).toBe(
      undefined,
    );
  });

  it("refuses DIRECT_DATABASE_URL without DATABASE_URL, naming both", () => {
    expect(() => parseServerEnv({ DIRECT_DATABASE_URL: direct })).toThrow(
      /^Invalid configuration: DIRECT_DATABASE_URL is set without DATABASE_URL\. Set DATABASE_URL /,
    );
  });

  it("migrates through DATABASE_URL when no direct URL is set, with pg's pool size and a long idle time", () => {
    expect(parseServerEnv({ DATABASE_URL: direct }).postgres).toEqual({
      url: direct,
      migrationUrl: direct,
      migrationUrlVariable: "DATABASE_URL",
      isTransactionPooler: false,
      poolMax: 10,
      idleTimeoutMs: 300_000,
    });
  });

  it.each([
    [
      { DIRECT_DATABASE_URL: "postgresql://a/1", DATABASE_URL_UNPOOLED: "postgresql://b/2" },
      "DIRECT_DATABASE_URL",
    ],
    [
      { DATABASE_URL_UNPOOLED: "postgresql://b/2", POSTGRES_URL_NON_POOLING: "postgresql://c/3" },
      "DATABASE_URL_UNPOOLED",
    ],
    [{ POSTGRES_URL_NON_POOLING: "postgresql://c/3" }, "POSTGRES_URL_NON_POOLING"],
    [{ DIRECT_DATABASE_URL: "", POSTGRES_URL_NON_POOLING: "postgresql://c/3" }, "POSTGRES_URL_NON_POOLING"],
  ] as const)("takes the direct URL from the first name set (%j → %s)", (vars, variable) => {
    const postgres = parseServerEnv({ DATABASE_URL: pooled, ...vars }).postgres;
    expect(postgres?.url).toBe(pooled);
    expect(postgres?.migrationUrlVariable).toBe(variable);
    expect(postgres?.migrationUrl).toBe(vars[variable as keyof typeof vars]);
  });

  it("names a malformed direct URL", () => {
    expect(() => parseServerEnv({ DATABASE_URL: pooled, DATABASE_URL_UNPOOLED: "mysql://x/y" })).toThrow(
      /^Invalid configuration: DATABASE_URL_UNPOOLED must be a postgres:\/\/ or postgresql:\/\/ URL/,
    );
  });

  it("detects a transaction pooler from pgbouncer=true, and DATABASE_POOLER overrides either way", () => {
    const isPooler = (vars: Record<string, string>) => parseServerEnv(vars).postgres?.isTransactionPooler;
    expect(isPooler({ DATABASE_URL: `${pooled}?pgbouncer=true` })).toBe(true);
    expect(isPooler({ DATABASE_URL: `${pooled}?sslmode=require&pgbouncer=true` })).toBe(true);
    expect(isPooler({ DATABASE_URL: `${pooled}?pgbouncer=false` })).toBe(false);
    expect(isPooler({ DATABASE_URL: pooled })).toBe(false);
    expect(isPooler({ DATABASE_URL: pooled, DATABASE_POOLER: "transaction" })).toBe(true);
    expect(isPooler({ DATABASE_URL: `${pooled}?pgbouncer=true`, DATABASE_POOLER: "none" })).toBe(false);
    expect(() => parseServerEnv({ DATABASE_URL: pooled, DATABASE_POOLER: "session" })).toThrow(
      /^Invalid configuration: DATABASE_POOLER must be "transaction" or "none"/,
    );
  });

  it("sizes the pool from DATABASE_POOL_MAX, and keeps it small and short-lived on Vercel", () => {
    expect(parseServerEnv({ DATABASE_URL: pooled, DATABASE_POOL_MAX: "3" }).postgres?.poolMax).toBe(3);
    const serverless = parseServerEnv({ DATABASE_URL: pooled, VERCEL: "1" });
    expect(serverless.isServerless).toBe(true);
    expect(serverless.postgres).toMatchObject({ poolMax: 5, idleTimeoutMs: 5_000 });
    expect(
      parseServerEnv({ DATABASE_URL: pooled, VERCEL: "1", DATABASE_POOL_MAX: "2" }).postgres?.poolMax,
    ).toBe(2);
    expect(parseServerEnv({}).isServerless).toBe(false);
    for (const value of ["0", "ten", "1001"]) {
      expect(() => parseServerEnv({ DATABASE_URL: pooled, DATABASE_POOL_MAX: value })).toThrow(
        /^Invalid configuration: DATABASE_POOL_MAX /,
      );
    }
  });

  it("migrates on start unless MIGRATE_ON_START is false", () => {
    expect(parseServerEnv({}).MIGRATE_ON_START).toBe(true);
    expect(parseServerEnv({ MIGRATE_ON_START: "false" }).MIGRATE_ON_START).toBe(false);
    expect(parseServerEnv({ MIGRATE_ON_START: "0" }).MIGRATE_ON_START).toBe(false);
    expect(() => parseServerEnv({ MIGRATE_ON_START: "no" })).toThrow(
      /^Invalid configuration: MIGRATE_ON_START /,
    );
  });
});
