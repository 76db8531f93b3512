// Loads the .env files once, at the top of every entry point (npm start/dev, npm run realtime,
// db:*, npm test and the Vitest and Playwright configs, benchmarks), with Next's own loader so
// that every process sees what the app worker sees. Files, first wins: `.env.{mode}.local`,
// `.env.local` (not in test mode), `.env.{mode}`, `.env`; a variable set in the real environment
// wins over all of them. The files are read from the app's root, whatever the working directory.
//
// A process started by an entry inherits its environment and reads no file again: Next's marker
// `__NEXT_PROCESSED_ENV` is set here even when no file exists, so that the server a test run
// starts (in production mode) does not pick up a developer's `.env.local`.
import path from "node:path";
import nextEnv from "@next/env";

export type EnvMode = "development" | "production" | "test";

/** The folder with package.json; relative paths in the configuration resolve from here. */
export const appRoot = path.resolve(import.meta.dirname, "..");

/** Set by the loader for every process it starts: what lib/env.ts resolves relative paths from. */
export const ROOT_VARIABLE = "PARLEY_ROOT";

let loaded: Record<string, string | undefined> | undefined;

function modeFromNodeEnv(): EnvMode {
  const value = process.env.NODE_ENV;
  return value === "production" || value === "test" ? value : "development";
}

/**
 * Loads the .env files for `mode` into process.env (only the first call in a process does).
 * With a mode, NODE_ENV is set to it, as `next dev`/`next start` do; without one, NODE_ENV
 * decides (unset: development). Returns the mode used.
 */
export function loadEnv(mode?: EnvMode): EnvMode {
  if (mode) Object.assign(process.env, { NODE_ENV: mode });
  const used = mode ?? modeFromNodeEnv();
  if (loaded) return used;
  process.env[ROOT_VARIABLE] = appRoot;
  // Next picks test mode from NODE_ENV itself, and development or production from `dev`.
  nextEnv.loadEnvConfig(appRoot, used === "development", { info: () => {}, error: console.error });
  process.env.__NEXT_PROCESSED_ENV = "true";
  loaded = { ...process.env };
  return used;
}

/**
 * Next's dev server reloads the .env files when one changes, resetting the environment to what
 * the process started with first. Variables this process has set for itself since loading
 * (generated secrets, launcher flags) are kept through such a reload by this call.
 */
export function keepOwnVariables(): void {
  if (!loaded) return;
  const own: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (loaded[name] !== value && name !== "__NEXT_PROCESSED_ENV") own[name] = value;
  }
  nextEnv.updateInitialEnv(own);
}
