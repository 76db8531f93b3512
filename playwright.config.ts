import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { loadEnv } from "./lib/load-env";
import { CHROMIUM_ARGS, findChromium } from "./tests/e2e/browser";

// Test mode: .env.test.local, .env.test, .env (never .env.local); the real environment wins. The
// server below inherits the result and reads no .env file of its own.
loadEnv("test");

// The config is evaluated by the runner and again by each worker: settle the port and the
// data folder once and hand them down through the environment.
if (!process.env.E2E_PORT) {
  const script =
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
  process.env.E2E_PORT = execFileSync(process.execPath, ["-e", script]).toString().trim();
}
if (!process.env.E2E_DATA_DIR) {
  process.env.E2E_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "parley-e2e-"));
}
const port = Number(process.env.E2E_PORT);
const baseURL = `http://localhost:${port}`;
const hasDatabase = Boolean(process.env.DATABASE_URL);

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/e2e-artifacts",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [
    ["list"],
    ["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? "test-results/e2e.json" }],
  ],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"] }, grepInvert: /@mobile/ },
    {
      name: "mobile",
      use: { ...devices["Pixel 7"], viewport: { width: 375, height: 740 } },
      grep: /@mobile/,
    },
  ],
  webServer: {
    // On PostgreSQL too, start-up applies the migrations itself (MIGRATE_ON_START defaults on).
    command: "node --import tsx scripts/start.ts",
    url: `${baseURL}/api/health`,
    timeout: 900_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      DATA_DIR: process.env.E2E_DATA_DIR,
      // The runner stands in for a proxy on loopback: specs name each visitor in X-Forwarded-For
      // (helpers/accounts.ts). rate-limits.spec.ts runs a server of its own with the defaults.
      TRUSTED_PROXIES: "127.0.0.1, ::1",
      // Specs seed history quickly through the API (history.spec.ts sends 120 in a row).
      RATE_LIMIT_SCALE: "10",
      ...(hasDatabase
        ? {
            AUTH_SECRET: "e2e-auth-secret-0123456789abcdef0123456789",
            PUSHER_APP_ID: "424242",
            PUSHER_KEY: "e2e-key",
            PUSHER_SECRET: "e2e-secret-0123456789abcdef0123456789abcdef",
          }
        : {}),
    },
  },
});
