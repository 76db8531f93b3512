import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getHealth } from "@/app/api/health/route";
import { createAccount } from "@/lib/accounts/create-account";
import type { AccountSummary } from "@/lib/accounts/types";
import { findSessionUser } from "@/lib/auth/session";
import { createGroup, findOrCreateDirectConversation } from "@/lib/chat/conversations/conversations";
import { listConversationsForUser } from "@/lib/chat/conversations/sidebar";
import { listMessages } from "@/lib/chat/messages/list-messages";
import { sendMessage } from "@/lib/chat/messages/send-message";
import { nonce, text } from "@/lib/chat/testing/fixtures";
import { disconnectDb, getDb } from "@/lib/db";
import { DIRECT_URL_VARIABLES, resetEnvCache } from "@/lib/env";
import { getRateLimitStore } from "@/lib/rate-limit/store";
import { startTestRealtime, type TestRealtime } from "@/tests/support/chat-realtime";
import { findPgBouncer, type PgBouncer, startPgBouncer } from "@/tests/support/pgbouncer";
import { testAuthLimiters } from "@/tests/support/rate-limit-stores";

// The database behind a transaction pooler, for real: Debian's PgBouncer in transaction mode in
// front of the test PostgreSQL server, two server connections shared by the app's pool of six.
// Migrations go through the direct URL (and refuse the pooled one); the app's own database layer,
// in pooler-safe mode, serves sign-up, conversations, sends, history and the sidebar through
// PgBouncer; and the same layer with named prepared statements fails there, so the test is real.

const serverUrl = process.env.DATABASE_URL;
const executable = findPgBouncer();
const skipReason = !serverUrl
  ? "needs a PostgreSQL server (DATABASE_URL)"
  : !executable
    ? "pgbouncer is not installed (apt-get install pgbouncer)"
    : undefined;

const root = path.resolve(import.meta.dirname, "../..");
const SERVER_CONNECTIONS = 2;
const POOL_MAX = 6;
const touched = ["DATABASE_URL", "DATABASE_POOLER", "DATABASE_POOL_MAX", "REDIS_URL", "RATE_LIMIT_SCALE"];
const saved = Object.fromEntries(touched.map((name) => [name, process.env[name]]));

let bouncer: PgBouncer;
let realtime: TestRealtime | undefined;
let name: string;
let directUrl: string;
let pooledUrl: string;

async function onServer(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

async function directRows<Row>(sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: directUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Row[];
  } finally {
    await client.end();
  }
}

/** `npm run db:migrate` in a process of its own, with exactly these database variables. */
function runMigrate(env: Record<string, string>) {
  const inherited = { ...process.env };
  for (const variable of ["DATABASE_URL", "DATABASE_POOLER", ...DIRECT_URL_VARIABLES])
    delete inherited[variable];
  return spawnSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/db-migrate.ts"], {
    cwd: root,
    env: { ...inherited, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

/** Points the app (getDb, hotRows, the rate-limit store) at `url`, as its environment would. */
async function configureApp(url: string) {
  await disconnectDb();
  Object.assign(process.env, {
    DATABASE_URL: url,
    DATABASE_POOL_MAX: String(POOL_MAX),
    RATE_LIMIT_SCALE: "10",
  });
  delete process.env.DATABASE_POOLER;
  // The database store, so rate limits run on the hot statement path too.
  delete process.env.REDIS_URL;
  resetEnvCache();
}

describe.skipIf(skipReason)(
  `PostgreSQL behind PgBouncer in transaction mode${skipReason ? ` (skipped: ${skipReason})` : ""}`,
  () => {
    beforeAll(async () => {
      name = `parley_pgbouncer_${randomBytes(6).toString("hex")}`;
      await onServer(`CREATE DATABASE "${name}"`);
      const direct = new URL(serverUrl as string);
      direct.pathname = `/${name}`;
      directUrl = direct.href;
      bouncer = await startPgBouncer({
        executable: executable as string,
        upstreamUrl: directUrl,
        serverConnections: SERVER_CONNECTIONS,
      });
      pooledUrl = bouncer.url(name, "?pgbouncer=true");
    });

    afterAll(async () => {
      await disconnectDb();
      await realtime?.close();
      await bouncer?.stop();
      if (name) await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      for (const [variable, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[variable];
        else process.env[variable] = value;
      }
      resetEnvCache();
    });

    it("refuses to migrate through the pooled URL, naming the direct URL variable, and touches nothing", () => {
      const result = runMigrate({ DATABASE_URL: pooledUrl });
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toBe(
        "Migration failed: Migrations need a direct connection, and DATABASE_URL goes through a transaction pooler (pgbouncer=true in it, or DATABASE_POOLER=transaction). Set DIRECT_DATABASE_URL to the database's direct, unpooled URL.",
      );
      return expect(directRows(`SELECT to_regclass('"_prisma_migrations"') AS t`)).resolves.toEqual([
        { t: null },
      ]);
    });

    it("migrates through DIRECT_DATABASE_URL while DATABASE_URL goes through PgBouncer", async () => {
      const result = runMigrate({ DATABASE_URL: pooledUrl, DIRECT_DATABASE_URL: directUrl });
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^Migrated PostgreSQL \(DIRECT_DATABASE_URL\): \d+ applied\.$/m);
      const rows = await directRows<{ n: number }>(
        `SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`,
      );
      expect(rows[0]?.n).toBeGreaterThan(0);

      const again = runMigrate({ DATABASE_URL: pooledUrl, DATABASE_URL_UNPOOLED: directUrl });
      expect(again.stdout.trim()).toBe("PostgreSQL (DATABASE_URL_UNPOOLED) is up to date.");
      expect(again.status).toBe(0);
    }, 90_000);

    it("serves sign-up, conversations, concurrent sends, history and the sidebar through PgBouncer", async () => {
      await configureApp(pooledUrl);
      realtime = await startTestRealtime();
      const limiters = testAuthLimiters(getRateLimitStore(), "pgbouncer");

      // Sign-up (the rate limiter's statements, a password hash, an insert), four at once.
      const names = ["ana", "ben", "cat", "dan"];
      const accounts = await Promise.all(
        names.map((who, i) =>
          createAccount({
            limiters,
            ip: `198.51.100.${i + 1}`,
            input: {
              email: `${who}@example.com`,
              username: who,
              displayName: who.toUpperCase(),
              password: `a long passphrase for ${who} 2026`,
            },
          }),
        ),
      );
      // The session check every request runs (a hot statement).
      const people = (await Promise.all(
        accounts.map((account) =>
          findSessionUser({ userId: account.id, sessionVersion: account.sessionVersion }),
        ),
      )) as AccountSummary[];
      expect(people.map((person) => person?.username)).toEqual(names);
      const [ana, ben, cat, dan] = people as [AccountSummary, AccountSummary, AccountSummary, AccountSummary];

      // A group (an interactive transaction) and a direct conversation.
      const group = await createGroup({
        actor: ana,
        name: "Through the pooler",
        memberIds: [ben.id, cat.id, dan.id],
      });
      const direct = await findOrCreateDirectConversation({ actor: ben, otherUserId: cat.id });
      expect(direct.created).toBe(true);

      // Twenty sends at once on the one-statement send path, from four people into two
      // conversations: more transactions at a time than PgBouncer has server connections.
      const sends = people.flatMap((person) => Array.from({ length: 5 }, (_, i) => ({ person, i })));
      const sent = await Promise.all(
        sends.map(({ person, i }) =>
          sendMessage({
            actor: person,
            conversationId: person === ben && i % 2 === 1 ? direct.id : group.id,
            body: text(`${person.username} ${i}`),
            clientNonce: nonce(),
          }),
        ),
      );
      expect(new Set(sent.map((message) => message.id)).size).toBe(20);

      const history = await listMessages({ actor: cat, conversationId: group.id, limit: 50 });
      expect(history.messages).toHaveLength(18);
      expect(history.messages.map((m) => m.plainText).sort()).toEqual(
        sends
          .filter(({ person, i }) => !(person === ben && i % 2 === 1))
          .map(({ person, i }) => `${person.username} ${i}`)
          .sort(),
      );
      const createdAts = history.messages.map((m) => m.createdAt);
      expect(createdAts).toEqual([...createdAts].sort());

      // The sidebar (a hot statement) for everyone at once.
      const sidebars = await Promise.all(people.map((person) => listConversationsForUser({ actor: person })));
      expect(sidebars.map((sidebar) => sidebar.conversations.length)).toEqual([1, 2, 2, 1]);
      const catsDirect = sidebars[2]?.conversations.find((c) => c.id === direct.id);
      // Ben's two sends there ran at once: either may be the later (same millisecond, id order).
      const directSent = sent.filter((m) => m.conversationId === direct.id);
      const latestAt = directSent
        .map((m) => m.createdAt)
        .sort()
        .at(-1);
      expect(directSent.filter((m) => m.createdAt === latestAt).map((m) => m.id)).toContain(
        catsDirect?.lastMessage?.id,
      );
      expect(catsDirect?.unreadCount).toBe(2);

      // The pool opened several connections to PgBouncer (at most DATABASE_POOL_MAX), and they
      // shared at most SERVER_CONNECTIONS connections to PostgreSQL.
      const clients = (await bouncer.admin<{ database: string }>("SHOW CLIENTS")).filter(
        (c) => c.database === name,
      );
      const servers = (await bouncer.admin<{ database: string }>("SHOW SERVERS")).filter(
        (s) => s.database === name,
      );
      expect(clients.length).toBeGreaterThan(SERVER_CONNECTIONS);
      expect(clients.length).toBeLessThanOrEqual(POOL_MAX);
      expect(servers.length).toBeGreaterThan(0);
      expect(servers.length).toBeLessThanOrEqual(SERVER_CONNECTIONS);

      // And health, through the pooler, finds the database migrated.
      const health = await getHealth();
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true, database: "postgres", pendingMigrations: [] });
      expect(await getDb().message.count()).toBe(20);
    }, 60_000);

    it("fails through PgBouncer with named prepared statements (DATABASE_URL without pgbouncer=true)", async () => {
      await configureApp(bouncer.url(name));
      const users = await getDb().user.findMany({ select: { id: true, sessionVersion: true } });
      const checks = await Promise.allSettled(
        Array.from({ length: 24 }, (_, i) => {
          const user = users[i % users.length] as { id: string; sessionVersion: number };
          return findSessionUser({ userId: user.id, sessionVersion: user.sessionVersion });
        }),
      );
      const failures = checks.flatMap((check) => (check.status === "rejected" ? [String(check.reason)] : []));
      expect(failures.length).toBeGreaterThan(0);
      for (const failure of failures) {
        expect(failure).toMatch(
          /^error: prepared statement "parley_hot_\d+" (already exists|does not exist)$/,
        );
      }
    });
  },
);
