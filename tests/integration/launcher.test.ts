import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

// Start-up failures a self-hoster can cause: each must end in one clear line, exit code 1,
// and no data touched. These all fail before the build, so they run in seconds.

const root = path.resolve(import.meta.dirname, "../..");
const cleanups: (() => void)[] = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-launch-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function start(
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const base = { ...process.env };
    for (const name of [
      "DATABASE_URL",
      "DIRECT_DATABASE_URL",
      "DATABASE_URL_UNPOOLED",
      "POSTGRES_URL_NON_POOLING",
      "DATABASE_POOLER",
      "MIGRATE_ON_START",
      "AUTH_SECRET",
      "PUSHER_APP_ID",
      "PUSHER_KEY",
      "PUSHER_SECRET",
    ]) {
      delete base[name];
    }
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      cwd: root,
      env: { ...base, PORT: String(20_000 + Math.floor(Math.random() * 40_000)), ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 25_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr: stderr.trim(), stdout });
    });
  });
}

async function occupiedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  cleanups.push(() => server.close());
  return (server.address() as net.AddressInfo).port;
}

describe("launcher start-up errors", () => {
  it("names a port that is in use", async () => {
    const port = await occupiedPort();
    const result = await start({ PORT: String(port), DATA_DIR: tempDir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Parley could not start: Port ${port} is in use. Stop whatever is using it, or set PORT to another port.`,
    );
  });

  it("names a malformed DATABASE_URL", async () => {
    const result = await start({ DATABASE_URL: "mysql://localhost/parley", DATA_DIR: tempDir() });
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
  });

  it("names an unreachable PostgreSQL server and how to fix it", async () => {
    const port = await occupiedPort();
    // A port that answers TCP but is no PostgreSQL would hang; a closed one refuses at once.
    cleanups.pop()?.();
    const result = await start({
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/parley`,
      AUTH_SECRET: "launcher-test-secret-0123456789abcdef",
      PUSHER_APP_ID: "1",
      PUSHER_KEY: "launcher-key",
      PUSHER_SECRET: "launcher-secret-0123456789abcdef0123456789",
      DATA_DIR: tempDir(),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Parley could not start: Cannot reach PostgreSQL at 127.0.0.1:${port} — is it running? Set DATABASE_URL or unset it to use the embedded database.`,
    );
  });

  it("listens on every interface when HOSTNAME holds a container id (as Docker sets it)", async () => {
    // Past the port check, start-up stops at the database: proof that HOSTNAME was not used as the
    // address (a container id does not resolve here, and once did end start-up with ENOTFOUND).
    const closed = await occupiedPort();
    cleanups.pop()?.();
    const result = await start({
      HOSTNAME: "3f2a1b9c8d7e",
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${closed}/parley`,
      AUTH_SECRET: "launcher-test-secret-0123456789abcdef",
      PUSHER_APP_ID: "1",
      PUSHER_KEY: "launcher-key",
      PUSHER_SECRET: "launcher-secret-0123456789abcdef0123456789",
      DATA_DIR: tempDir(),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Parley could not start: Cannot reach PostgreSQL at 127.0.0.1:${closed} — is it running? Set DATABASE_URL or unset it to use the embedded database.`,
    );
  });

  it("names a LISTEN_HOST that is not an address of this machine", async () => {
    const result = await start({ LISTEN_HOST: "192.0.2.1", DATA_DIR: tempDir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "Parley could not start: Cannot listen on 192.0.2.1: it is not an address of this machine. Unset LISTEN_HOST to listen on every interface.",
    );
  });

  it("names the credentials an external realtime server needs", async () => {
    const result = await start({ PUSHER_HOST: "soketi.example.com", PUSHER_KEY: "key", DATA_DIR: tempDir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "Parley could not start: Missing PUSHER_APP_ID, PUSHER_SECRET: the app credentials of the realtime server (PUSHER_HOST=soketi.example.com).",
    );
  });

  it("names a malformed UPLOADTHING_TOKEN in one line", async () => {
    const result = await start({ UPLOADTHING_TOKEN: "not-a-token", DATA_DIR: tempDir() });
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^Parley could not start: Invalid configuration: UPLOADTHING_TOKEN is not an uploadthing token \(base64 of JSON \{ apiKey, appId, regions \}\)/,
    );
  });

  it("names a data folder it cannot write", async () => {
    const file = path.join(tempDir(), "not-a-folder");
    fs.writeFileSync(file, "keep me");
    const result = await start({ DATA_DIR: file });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Parley could not start: Cannot write the data folder .*not-a-folder/);
    expect(fs.readFileSync(file, "utf8")).toBe("keep me");
  });

  it("reports damaged secrets instead of replacing them", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "secrets.json"), "{ not json");
    const result = await start({ DATA_DIR: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/secrets\.json is damaged/);
    expect(fs.readFileSync(path.join(dir, "secrets.json"), "utf8")).toBe("{ not json");
  });

  it("requires explicit secrets in production with a real database", async () => {
    const result = await start({
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/test",
      DATA_DIR: tempDir(),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "Parley could not start: Missing AUTH_SECRET, PUSHER_APP_ID, PUSHER_KEY, PUSHER_SECRET: required in production with DATABASE_URL set. See .env.example.",
    );
  });
});

// Start-up migrates PostgreSQL before it serves (tests/integration/migrate-on-start.test.ts has
// the path that succeeds); these are the ways it refuses, before any migration or build runs.
describe.runIf(process.env.DATABASE_URL)("launcher start-up migrations on PostgreSQL", () => {
  const serverUrl = process.env.DATABASE_URL as string;
  const secrets = {
    AUTH_SECRET: "launcher-test-secret-0123456789abcdef",
    PUSHER_APP_ID: "1",
    PUSHER_KEY: "launcher-key",
    PUSHER_SECRET: "launcher-secret-0123456789abcdef0123456789",
  };

  it("refuses to migrate through a transaction pooler, naming the direct URL variable", async () => {
    const pooled = new URL(serverUrl);
    pooled.searchParams.set("pgbouncer", "true");
    const result = await start({ DATABASE_URL: pooled.href, ...secrets, DATA_DIR: tempDir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "Parley could not start: Migrations need a direct connection, and DATABASE_URL goes through a transaction pooler (pgbouncer=true in it, or DATABASE_POOLER=transaction). Set DIRECT_DATABASE_URL to the database's direct, unpooled URL.",
    );
  });

  it("names the direct URL variable when its server cannot be reached", async () => {
    const port = await occupiedPort();
    cleanups.pop()?.();
    const result = await start({
      DATABASE_URL: serverUrl,
      DATABASE_URL_UNPOOLED: `postgresql://postgres@127.0.0.1:${port}/parley`,
      ...secrets,
      DATA_DIR: tempDir(),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Parley could not start: Cannot reach PostgreSQL at 127.0.0.1:${port} — is it running? Check DATABASE_URL_UNPOOLED.`,
    );
  });
});
