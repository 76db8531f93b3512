import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

// Every entry reads the .env files of the app's folder the way Next does (lib/load-env.ts),
// whatever the working directory. Each test runs a real entry point of a copy of the app (its
// own .env files) in a child process started from an unrelated folder.

const root = path.resolve(import.meta.dirname, "../..");
const tsxLoader = pathToFileURL(path.join(root, "node_modules", "tsx", "dist", "loader.mjs")).href;
const cleanups: (() => void | Promise<void>)[] = [];
let app: string;
let elsewhere: string;

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

beforeAll(() => {
  // A copy, not links: the loader finds the app's folder from its own file's location.
  app = fs.mkdtempSync(path.join(os.tmpdir(), "parley-env-app-"));
  for (const entry of ["lib", "scripts", "prisma", "package.json", "tsconfig.json"]) {
    fs.cpSync(path.join(root, entry), path.join(app, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(root, "node_modules"), path.join(app, "node_modules"));
  elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "parley-env-cwd-"));
});

afterAll(() => {
  fs.rmSync(app, { recursive: true, force: true });
  fs.rmSync(elsewhere, { recursive: true, force: true });
});

afterEach(async () => {
  for (const name of fs.readdirSync(app)) if (name.startsWith(".env")) fs.rmSync(path.join(app, name));
  // Last in, first out: databases are dropped before the connection that drops them closes.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  expect(fs.readdirSync(elsewhere)).toEqual([]);
});

function writeEnvFile(name: string, variables: Record<string, string>) {
  const text = Object.entries(variables)
    .map(([key, value]) => `${key}=${value}\n`)
    .join("");
  fs.writeFileSync(path.join(app, name), text);
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `script` of the copy with the working directory elsewhere and a shell-like environment:
 * none of the app's variables, nothing marked as loaded. `until` ends a server once it says so.
 */
function run(
  script: string,
  env: Record<string, string> = {},
  options: { args?: string[]; until?: RegExp; timeoutMs?: number } = {},
): Promise<Run> {
  // As from a shell: PATH and the like only (no NODE_ENV, none of the app's variables).
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(childEnv)) {
    if (!["PATH", "HOME", "TMPDIR", "LANG"].includes(name)) delete childEnv[name];
  }
  // tsx looks for tsconfig.json (the @/ paths) in the working directory unless told.
  Object.assign(childEnv, { TSX_TSCONFIG_PATH: path.join(app, "tsconfig.json") }, env);
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", tsxLoader, path.join(app, script), ...(options.args ?? [])],
      {
        cwd: elsewhere,
        env: childEnv,
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (options.until?.test(stdout)) child.kill("SIGTERM");
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 25_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr: stderr.trim() });
    });
  });
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const secrets = {
  AUTH_SECRET: "env-loading-test-secret-0123456789abcdef",
  PUSHER_APP_ID: "1",
  PUSHER_KEY: "env-loading-key",
  PUSHER_SECRET: "env-loading-secret-0123456789abcdef",
};

describe("npm start / npm run dev", () => {
  it("reads DATABASE_URL from the app's .env, and a variable in the real environment wins", async () => {
    writeEnvFile(".env", { DATABASE_URL: "mysql://from-dotenv/parley" });
    const fromFile = await run("scripts/start.ts", { DATA_DIR: tempDir("parley-env-data-") });
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toMatch(/^Parley could not start: .*DATABASE_URL must be a postgres/);

    const port = await closedPort();
    const fromEnvironment = await run("scripts/start.ts", {
      ...secrets,
      DATA_DIR: tempDir("parley-env-data-"),
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/parley`,
    });
    expect(fromEnvironment.code).toBe(1);
    expect(fromEnvironment.stderr).toMatch(
      new RegExp(`^Parley could not start: Cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port} `),
    );
  });

  it("resolves a relative DATA_DIR from the app's folder, not the working directory", async () => {
    writeEnvFile(".env", { DATA_DIR: "not-a-folder" });
    fs.writeFileSync(path.join(app, "not-a-folder"), "keep me");
    cleanups.push(() => fs.rmSync(path.join(app, "not-a-folder")));
    const result = await run("scripts/start.ts", {}, { args: ["--dev"] });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `Parley could not start: Cannot write the data folder ${path.join(app, "not-a-folder")} `,
    );
  });

  it("reads .env.local, except when started by a test run, which has loaded the test files", async () => {
    writeEnvFile(".env.local", { DATABASE_URL: "mysql://from-env-local/parley" });
    const blocked = path.join(tempDir("parley-env-data-"), "a-file");
    fs.writeFileSync(blocked, "");
    const direct = await run("scripts/start.ts", { DATA_DIR: blocked });
    expect(direct.stderr).toMatch(/DATABASE_URL must be a postgres/);

    // What playwright.config.ts does before it starts the server.
    fs.writeFileSync(
      path.join(app, "scripts", "as-test-runner.ts"),
      `import { spawnSync } from "node:child_process";
import { loadEnv } from "@/lib/load-env";
loadEnv("test");
const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(child.status ?? 1);
`,
    );
    const fromTestRun = await run(
      "scripts/as-test-runner.ts",
      { DATA_DIR: blocked },
      {
        args: [path.join(app, "scripts", "start.ts")],
      },
    );
    expect(fromTestRun.code).toBe(1);
    expect(fromTestRun.stderr).toMatch(/^Parley could not start: Cannot write the data folder .*a-file/);
  });
});

describe("Next's dev server reloading the .env files", () => {
  it("applies the edited files and keeps what the launcher set for itself", async () => {
    writeEnvFile(".env", { DATA_DIR: "before" });
    // What npm run dev does (scripts/start.ts), then what Next's dev server does when .env changes.
    fs.writeFileSync(
      path.join(app, "scripts", "dev-reload.ts"),
      `import fs from "node:fs";
import nextEnv from "@next/env";
import { appRoot, keepOwnVariables, loadEnv } from "@/lib/load-env";
loadEnv("development");
const loaded = process.env.DATA_DIR;
process.env.AUTH_SECRET = "generated-by-the-launcher-0123456789abcdef";
keepOwnVariables();
fs.writeFileSync(appRoot + "/.env", "DATA_DIR=after\\n");
nextEnv.loadEnvConfig(appRoot, true, console, true);
console.log(JSON.stringify({ loaded, reloaded: process.env.DATA_DIR, secret: process.env.AUTH_SECRET }));
`,
    );
    const result = await run("scripts/dev-reload.ts");
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({
      loaded: "before",
      reloaded: "after",
      secret: "generated-by-the-launcher-0123456789abcdef",
    });
  });
});

describe("npm run realtime", () => {
  it("takes its credentials and port from the app's .env", async () => {
    const port = await closedPort();
    writeEnvFile(".env", {
      PUSHER_APP_ID: "from-dotenv",
      PUSHER_KEY: "dotenv-key",
      PUSHER_SECRET: "dotenv-secret-0123456789",
      REALTIME_PORT: String(port),
    });
    const result = await run("scripts/realtime.ts", {}, { until: /listening/ });
    expect(result.stdout).toContain(
      `Realtime server listening on ws://127.0.0.1:${port}/app/dotenv-key (app from-dotenv)`,
    );
  });
});

describe("npm run db:migrate", () => {
  it("migrates the embedded database under the app's folder for a relative DATA_DIR in .env", async () => {
    writeEnvFile(".env", { DATA_DIR: "store" });
    cleanups.push(() => fs.rmSync(path.join(app, "store"), { recursive: true, force: true }));
    const result = await run("scripts/db-migrate.ts", {}, { timeoutMs: 120_000 });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`Migrated ${path.join(app, "store", "db")}: \\d+ applied\\.`));
    expect(fs.existsSync(path.join(app, "store", "db"))).toBe(true);
  }, 150_000);

  const serverUrl = process.env.DATABASE_URL;

  it.skipIf(!serverUrl)(
    "migrates the PostgreSQL database named in .env, and the one in the real environment over it",
    async () => {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      cleanups.push(() => admin.end());
      const database = async (label: string) => {
        const name = `parley_env_${label}_${randomBytes(4).toString("hex")}`;
        await admin.query(`CREATE DATABASE "${name}"`);
        cleanups.push(async () => {
          await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        });
        const url = new URL(serverUrl as string);
        url.pathname = `/${name}`;
        return url.href;
      };
      const migrated = async (url: string) => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          const { rows } = await client.query<{ table: string | null }>(
            "SELECT to_regclass('_prisma_migrations')::text AS table",
          );
          return rows[0]?.table !== null;
        } finally {
          await client.end();
        }
      };
      const inFile = await database("file");
      const inEnvironment = await database("real");
      writeEnvFile(".env", { DATABASE_URL: inFile });

      const first = await run(
        "scripts/db-migrate.ts",
        { DATABASE_URL: inEnvironment },
        { timeoutMs: 60_000 },
      );
      expect(first.stderr).toBe("");
      expect(first.stdout).toMatch(/Migrated PostgreSQL \(DATABASE_URL\): \d+ applied\./);
      expect(await migrated(inEnvironment)).toBe(true);
      expect(await migrated(inFile)).toBe(false);

      const second = await run("scripts/db-migrate.ts", {}, { timeoutMs: 60_000 });
      expect(second.stdout).toMatch(/Migrated PostgreSQL \(DATABASE_URL\): \d+ applied\./);
      expect(await migrated(inFile)).toBe(true);
    },
    150_000,
  );
});
