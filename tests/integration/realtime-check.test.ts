import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Pusher from "pusher";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as getHealthRoute } from "@/app/api/health/route";
import { resetEnvCache } from "@/lib/env";
import { checkRealtimeKey, checkRealtimeServer } from "@/lib/realtime/check";
import type { RealtimeServerConfig } from "@/lib/realtime/config";
import { publish, publishBatch, resetPusherForTests } from "@/lib/realtime/publish";
import { createTestDatabase, type TestDatabase } from "../integration/db";
import {
  freePort,
  type RealtimeApp,
  type RunningServer,
  soketiMissingReason,
  startSoketi,
  startStandaloneRealtime,
} from "../support/realtime-servers";

// An external Pusher-protocol server is checked, not trusted: a signed GET /apps/{id}/channels at
// start-up (one line, exit 1) and in /api/health (503 with the reason), against real servers —
// soketi 1.6.1, which answers a wrong secret with HTTP 200 and an error body, and Parley's own
// standalone server, which answers 401.

const root = path.resolve(import.meta.dirname, "../..");
const app: RealtimeApp = {
  id: "parley-check",
  key: "parley-check-key",
  secret: "parley-check-secret-0123456789",
};
const WRONG_SECRET = "not-the-secret-0123456789abcdef";
const soketiMissing = soketiMissingReason();
const cleanups: (() => void)[] = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function config(port: number, overrides: Partial<RealtimeServerConfig> = {}): RealtimeServerConfig {
  return {
    appId: app.id,
    key: app.key,
    secret: app.secret,
    host: "127.0.0.1",
    port: String(port),
    useTLS: false,
    cluster: "mt1",
    ...overrides,
  };
}

function pusherEnv(port: number, secret: string): Record<string, string> {
  return {
    PUSHER_APP_ID: app.id,
    PUSHER_KEY: app.key,
    PUSHER_SECRET: secret,
    PUSHER_HOST: "127.0.0.1",
    PUSHER_PORT: String(port),
    PUSHER_USE_TLS: "false",
    // Loopback given explicitly for browsers: no warning about an internal host on stderr.
    NEXT_PUBLIC_PUSHER_HOST: "127.0.0.1",
  };
}

function rejection(port: number, detail: string): string {
  return `The realtime server at http://127.0.0.1:${port} rejected Parley's signed request ("${detail}"): PUSHER_SECRET (or PUSHER_KEY) is not the secret (or key) of app ${app.id} there.`;
}

/** `npm start` in production against a PostgreSQL port nobody listens on: it stops at the database. */
async function startParley(env: Record<string, string>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-realtime-check-"));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const closedDatabasePort = await freePort();
  const base = { ...process.env };
  for (const name of Object.keys(base)) {
    if (/^(DATABASE_URL|AUTH_SECRET|PUSHER_|NEXT_PUBLIC_PUSHER_|REALTIME_)/.test(name)) delete base[name];
  }
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: root,
    env: {
      ...base,
      PORT: String(await freePort()),
      DATA_DIR: dataDir,
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${closedDatabasePort}/parley`,
      AUTH_SECRET: "realtime-check-auth-secret-0123456789abcdef",
      ...env,
    },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 40_000);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearTimeout(timer);
  const databaseLine = `Parley could not start: Cannot reach PostgreSQL at 127.0.0.1:${closedDatabasePort} — is it running? Set DATABASE_URL or unset it to use the embedded database.`;
  return { code, stdout, stderr: stderr.trim(), databaseLine };
}

/** GET /api/health in this process, with the realtime variables set as given. */
async function health(env: Record<string, string>) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  resetEnvCache();
  try {
    const response = await getHealthRoute();
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  } finally {
    for (const name of Object.keys(env)) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    resetEnvCache();
  }
}

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

interface Target {
  name: string;
  skip: string | null;
  start: () => Promise<RunningServer>;
  /** What the server says about a wrong secret, and about an unknown key on a socket. */
  detail: string;
  unknownKey: string;
  /** Whether a REST request naming another key is refused (soketi signs it with its own). */
  restChecksKey: boolean;
}

const servers: Target[] = [
  {
    name: "soketi 1.6.1",
    skip: soketiMissing,
    start: () => startSoketi(app, { webhookUrl: "http://127.0.0.1:9/api/realtime/webhook" }),
    detail: "The secret authentication failed",
    unknownKey: "App key not-the-key does not exist.",
    restChecksKey: false,
  },
  {
    name: "the standalone embedded server (npm run realtime)",
    skip: null,
    start: () => startStandaloneRealtime(app),
    detail: "Invalid signature",
    unknownKey: "App key not-the-key does not exist",
    restChecksKey: true,
  },
];

it.runIf(process.env.CI)("has soketi installed in CI", () => {
  expect(soketiMissing).toBeNull();
});

for (const target of servers) {
  describe.skipIf(target.skip)(`${target.name}${target.skip ? ` (skipped: ${target.skip})` : ""}`, () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await target.start();
    }, 30_000);
    afterAll(async () => {
      await server?.stop();
    });

    it("accepts the right credentials", async () => {
      expect(await checkRealtimeServer(config(server.port))).toEqual({ ok: true });
    });

    it("reports a wrong secret in one line, from the body whatever the status", async () => {
      expect(await checkRealtimeServer(config(server.port, { secret: WRONG_SECRET }))).toEqual({
        ok: false,
        reason: rejection(server.port, target.detail),
      });
      expect(await checkRealtimeServer(config(server.port, { appId: "not-the-app" }))).toEqual({
        ok: false,
        reason: expect.stringMatching(
          new RegExp(
            `^The realtime server at http://127\\.0\\.0\\.1:${server.port} does not know app not-the-app \\(".+"\\): check PUSHER_APP_ID`,
          ),
        ),
      });
    });

    it("checks PUSHER_KEY by opening a socket, as browsers do", async () => {
      const wrongKey = config(server.port, { key: "not-the-key" });
      const socketRefusal = `The realtime server at ws://127.0.0.1:${server.port} refused sockets for PUSHER_KEY=not-the-key ("${target.unknownKey}, code 4001"): it is not the key of app ${app.id} there.`;
      expect(await checkRealtimeKey(config(server.port))).toEqual({ ok: true });
      expect(await checkRealtimeKey(wrongKey)).toEqual({ ok: false, reason: socketRefusal });
      const result = await startParley({ ...pusherEnv(server.port, app.secret), PUSHER_KEY: "not-the-key" });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `Parley could not start: ${target.restChecksKey ? rejection(server.port, "Unknown auth_key") : socketRefusal}`,
      );
    });

    it("stops start-up with one line naming a wrong PUSHER_SECRET", async () => {
      const result = await startParley(pusherEnv(server.port, WRONG_SECRET));
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`Parley could not start: ${rejection(server.port, target.detail)}`);
    });

    it("lets start-up go on with the right secret (to the next check, the database)", async () => {
      const result = await startParley(pusherEnv(server.port, app.secret));
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(result.databaseLine);
    });

    it("warns at start-up when browsers would be handed the server's internal address", async () => {
      const { NEXT_PUBLIC_PUSHER_HOST: _, ...env } = pusherEnv(server.port, app.secret);
      const result = await startParley(env);
      expect(result.stderr.split("\n")).toEqual([
        `Warning: browsers will be sent to PUSHER_HOST for realtime (127.0.0.1:${server.port}), an address of this machine or its internal network, because NEXT_PUBLIC_PUSHER_HOST is not set. Set NEXT_PUBLIC_PUSHER_HOST (and NEXT_PUBLIC_PUSHER_PORT, NEXT_PUBLIC_PUSHER_USE_TLS) to the address browsers reach it at.`,
        result.databaseLine,
      ]);
    });

    it("answers /api/health with 503 and the reason for a wrong secret, 200 for the right one", async () => {
      const wrong = await health(pusherEnv(server.port, WRONG_SECRET));
      expect(wrong.status).toBe(503);
      expect(wrong.body).toMatchObject({
        ok: false,
        databaseReachable: true,
        realtime: "self-hosted",
        realtimeOk: false,
        realtimeError: rejection(server.port, target.detail),
      });
      const right = await health(pusherEnv(server.port, app.secret));
      expect(right.status).toBe(200);
      expect(right.body).toMatchObject({ ok: true, realtimeOk: true });
      expect(right.body).not.toHaveProperty("realtimeError");
    });
  });
}

describe.skipIf(soketiMissing)("soketi's answers (why the body is checked)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startSoketi(app);
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("makes a publish it refuses an error, not a silent loss", async () => {
    const send = async (secret: string, batch: boolean) => {
      Object.assign(process.env, pusherEnv(server.port, secret));
      resetEnvCache();
      resetPusherForTests();
      try {
        const ping = { from: "realtime-check", sentAt: Date.now() };
        if (batch) await publishBatch([{ channel: "private-check", event: "realtime.ping", payload: ping }]);
        else await publish("private-check", "realtime.ping", ping);
      } finally {
        for (const name of Object.keys(pusherEnv(server.port, secret))) delete process.env[name];
        resetEnvCache();
        resetPusherForTests();
      }
    };
    await expect(send(app.secret, false)).resolves.toBeUndefined();
    await expect(send(app.secret, true)).resolves.toBeUndefined();
    await expect(send(WRONG_SECRET, false)).rejects.toThrow(
      "The realtime server refused the event realtime.ping: The secret authentication failed (code 401).",
    );
    await expect(send(WRONG_SECRET, true)).rejects.toThrow(
      "The realtime server refused a batch of events: The secret authentication failed (code 401).",
    );
  });

  it("answers a wrong secret with HTTP 200 and an error body", async () => {
    const pusher = new Pusher({ ...config(server.port), appId: app.id, secret: WRONG_SECRET });
    const response = await pusher.get({ path: "/channels" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ error: "The secret authentication failed", code: 401 });
  });
});

describe("an unreachable realtime server", () => {
  it("is named in one line at start-up and in /api/health", async () => {
    const port = await freePort();
    const line = `Cannot reach the realtime server at http://127.0.0.1:${port} (ECONNREFUSED) — is it running? Check PUSHER_HOST and PUSHER_PORT.`;
    expect(await checkRealtimeServer(config(port))).toEqual({ ok: false, reason: line });
    const unreachable = await health(pusherEnv(port, app.secret));
    expect(unreachable.status).toBe(503);
    expect(unreachable.body).toMatchObject({ ok: false, realtimeOk: false, realtimeError: line });
    // Start-up asks again for 10 s (a container next to it may still be starting), then gives up.
    const result = await startParley(pusherEnv(port, app.secret));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`Parley could not start: ${line}`);
  }, 45_000);
});
