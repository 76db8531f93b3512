import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { childProcessEnv } from "@/lib/env";

// Inputs whose change makes the production build stale.
const SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "proxy.ts",
  "next.config.ts",
  "package-lock.json",
  "postcss.config.mjs",
];
const SKIP = new Set(["node_modules", "generated", ".next", "server"]);

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.endsWith(".test.ts")) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

export function isBuildStale(rootDir: string): boolean {
  const buildId = path.join(rootDir, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const builtAt = fs.statSync(buildId).mtimeMs;
  return SOURCES.some((source) => newestMtime(path.join(rootDir, source)) > builtAt);
}

export function runBuild(rootDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(rootDir, "node_modules", ".bin", "next"), ["build"], {
      cwd: rootDir,
      stdio: "inherit",
      env: childProcessEnv({ NODE_ENV: "production" }),
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`The production build failed (exit code ${code}).`)),
    );
  });
}
