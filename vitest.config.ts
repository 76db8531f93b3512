import path from "node:path";
import { defineConfig } from "vitest/config";
import { loadEnv } from "./lib/load-env.ts";

// Test mode: .env.test.local, .env.test, .env (never .env.local); the real environment wins.
loadEnv("test");

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "tests/support/server-only.ts"),
    },
  },
  test: {
    include: [
      "lib/**/*.test.ts",
      "components/**/*.test.tsx",
      "tests/integration/**/*.test.ts",
      "tests/realtime-conformance/**/*.test.ts",
      "tests/fuzz/**/*.test.ts",
      "scripts/**/*.test.ts",
      // bench/*.test.ts run under node:test with the realtime benchmark.
      "bench/delivery/*.test.ts",
    ],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
