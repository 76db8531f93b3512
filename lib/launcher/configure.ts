import fs from "node:fs";
import { getEnv, type ServerEnv, setDefaultEnv } from "@/lib/env";
import { loadOrCreateSecrets } from "./secrets";

export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}

export function ensureDataDir(dataDir: string): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.accessSync(dataDir, fs.constants.W_OK);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(
      `Cannot write the data folder ${dataDir} (${reason}). Fix its permissions or set DATA_DIR.`,
    );
  }
}

/** The embedded realtime server runs unless a Pusher host or a hosted Pusher cluster is configured. */
export function wantsEmbeddedRealtime(env: ServerEnv): boolean {
  return !env.PUSHER_HOST && !env.PUSHER_CLUSTER;
}

/** The secrets that must be set, not generated, in production with DATABASE_URL set. */
export function requiredInProduction(isEmbedded: boolean): (keyof ServerEnv)[] {
  // An external realtime server's credentials are required by its start-up check (start-up.ts).
  return isEmbedded ? ["AUTH_SECRET", "PUSHER_APP_ID", "PUSHER_KEY", "PUSHER_SECRET"] : ["AUTH_SECRET"];
}

/**
 * Fills in what a zero-config install needs. In production against a real database every
 * secret must be given explicitly: generated secrets on one node would not match another's.
 */
export function applyGeneratedDefaults(): ServerEnv {
  const env = getEnv();
  ensureDataDir(env.dataDir);
  const isEmbedded = wantsEmbeddedRealtime(env);
  const mustBeExplicit = env.NODE_ENV === "production" && Boolean(env.DATABASE_URL);
  if (mustBeExplicit) {
    const missing = requiredInProduction(isEmbedded).filter((name) => !env[name]);
    if (missing.length > 0) {
      throw new StartupError(
        `Missing ${missing.join(", ")}: required in production with DATABASE_URL set. See .env.example.`,
      );
    }
  } else {
    const secrets = loadOrCreateSecrets(env.dataDir);
    setDefaultEnv("AUTH_SECRET", secrets.authSecret);
    if (isEmbedded) {
      setDefaultEnv("PUSHER_APP_ID", secrets.pusher.appId);
      setDefaultEnv("PUSHER_KEY", secrets.pusher.key);
      setDefaultEnv("PUSHER_SECRET", secrets.pusher.secret);
    }
  }
  if (isEmbedded) setDefaultEnv("REALTIME_EMBEDDED", "true");
  return getEnv();
}
