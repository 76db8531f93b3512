import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import { decodeUploadthingToken, UPLOADTHING_TOKEN_HINT } from "@/lib/files/uploadthing/token";
import { parseTrustedProxies } from "@/lib/rate-limit/client-ip";

// The one place that reads process.env (DESIGN.md §1). Everything else imports `env`.
// Parsing is lazy so that importing this module never throws at build time; the first
// access validates the whole environment and fails with one line naming the variable.

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const boolString = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : v === "true" || v === "1"));

const portString = z.coerce.number().int().min(1).max(65535);
const optionalPort = optionalString.pipe(
  z
    .string()
    .regex(/^\d+$/, "must be a port number")
    .transform(Number)
    .pipe(z.number().int().min(1).max(65535))
    .optional(),
);

// A secret shorter than this is guessable offline: AUTH_SECRET keys the session cookies (32 is
// what `openssl rand -base64 32` gives and Auth.js documents); PUSHER_SECRET signs channel
// authorisations and API calls, and hosted Pusher's own secrets are 20 hex characters.
const secretString = (minLength: number, hint: string) =>
  optionalString.pipe(
    z.string().min(minLength, `must be at least ${minLength} characters long (${hint})`).optional(),
  );

const postgresUrl = optionalString.pipe(
  z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, "must be a postgres:// or postgresql:// URL")
    .refine((v) => URL.canParse(v), "is not a valid URL")
    .optional(),
);

/** A positive whole number, with a default when unset or empty. */
const wholeNumber = (message: string, fallback: number, max = Number.MAX_SAFE_INTEGER) =>
  optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, message)
      .transform(Number)
      .pipe(z.number().int().min(1).max(max))
      .default(fallback),
  );

const serverSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: portString.default(3000),
  // The address to listen on; unset = every interface. HOSTNAME is the machine's name (Docker and
  // Kubernetes set it to the container's), so it is read only when it holds an IP address: see listenHost.
  LISTEN_HOST: optionalString,
  HOSTNAME: optionalString,
  DATA_DIR: optionalString,
  // Set by every entry point (lib/load-env.ts): the app's folder, which relative paths resolve from.
  PARLEY_ROOT: optionalString,
  // PostgreSQL (README "Database"): the URL the app connects to at run time, pooled or not…
  DATABASE_URL: postgresUrl,
  // …and a direct one for migrations, under whichever name is set (DIRECT_URL_VARIABLES).
  DIRECT_DATABASE_URL: postgresUrl,
  DATABASE_URL_UNPOOLED: postgresUrl,
  POSTGRES_URL_NON_POOLING: postgresUrl,
  // "transaction": DATABASE_URL goes through a transaction pooler; unset: `pgbouncer=true` in it says so.
  DATABASE_POOLER: optionalString.pipe(
    z.enum(["transaction", "none"], { error: 'must be "transaction" or "none"' }).optional(),
  ),
  DATABASE_POOL_MAX: optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, "must be a whole number of connections")
      .transform(Number)
      .pipe(z.number().int().min(1).max(1000))
      .optional(),
  ),
  // npm start applies pending migrations to PostgreSQL first, unless this is false.
  MIGRATE_ON_START: boolString.transform((v) => v ?? true),
  // Set by Vercel in every build and function: the app runs serverless there.
  VERCEL: optionalString,
  // Set by Vercel: which kind of deployment is being built (scripts/vercel-build.ts).
  VERCEL_ENV: optionalString.pipe(z.enum(["production", "preview", "development"]).optional()),
  // Preview deployments have a database of their own (e.g. a Neon branch each): migrate it when
  // they build. Unset, a preview build migrates nothing, so it cannot change production's schema.
  MIGRATE_PREVIEW_DEPLOYMENTS: boolString.transform((v) => v ?? false),
  AUTH_SECRET: secretString(32, "generate one with: openssl rand -base64 32"),
  AUTH_URL: optionalString,
  // OAuth sign-in: each provider is offered exactly when both its id and secret are set.
  AUTH_GITHUB_ID: optionalString,
  AUTH_GITHUB_SECRET: optionalString,
  AUTH_GOOGLE_ID: optionalString,
  AUTH_GOOGLE_SECRET: optionalString,
  PUSHER_APP_ID: optionalString,
  PUSHER_KEY: optionalString,
  PUSHER_SECRET: secretString(
    16,
    "use the app secret your realtime provider gives, or: openssl rand -hex 32",
  ),
  PUSHER_HOST: optionalString,
  PUSHER_PORT: optionalPort,
  PUSHER_USE_TLS: boolString,
  PUSHER_CLUSTER: optionalString,
  REALTIME_HOST: z.string().default("127.0.0.1"),
  REALTIME_PORT: portString.default(6001),
  REALTIME_WEBHOOK_URL: optionalString.pipe(z.url().optional()),
  REALTIME_ENABLE_CLIENT_EVENTS: boolString.transform((v) => v ?? true),
  // Embedded realtime server: open WebSockets per client address (0 = no limit), and per app (unset = no quota).
  REALTIME_MAX_CONNECTIONS_PER_IP: optionalString.pipe(
    z.string().regex(/^\d+$/, "must be a whole number (0 = no limit)").transform(Number).default(100),
  ),
  REALTIME_MAX_CONNECTIONS: optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, "must be a whole number of connections")
      .transform(Number)
      .pipe(z.number().int().min(1))
      .optional(),
  ),
  // Set by the launcher when it serves the embedded realtime server on the app's own port.
  REALTIME_EMBEDDED: boolString.transform((v) => v ?? false),
  // Set by the launcher for its app workers: the loopback port of the embedded realtime server.
  REALTIME_INTERNAL_PORT: optionalPort,
  // App worker processes behind the one port, with PostgreSQL only (default 1; lib/launcher/workers.ts).
  WEB_CONCURRENCY: optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, "must be a whole number of processes")
      .transform(Number)
      .pipe(z.number().int().min(1).max(64))
      .optional(),
  ),
  UPLOADTHING_TOKEN: optionalString.refine(
    (v) => v === undefined || decodeUploadthingToken(v) !== null,
    UPLOADTHING_TOKEN_HINT,
  ),
  // uploadthing's documented overrides (its SDK reads the same names); set only to reach a
  // stand-in or a non-default region. Passed to the SDK explicitly from here.
  UPLOADTHING_INGEST_URL: optionalString.pipe(z.url().optional()),
  UPLOADTHING_API_URL: optionalString.pipe(z.url().optional()),
  UPLOADTHING_UFS_HOST: optionalString,
  UPLOADTHING_UFS_APP_ID_LOCATION: optionalString.pipe(z.enum(["subdomain", "path"]).optional()),
  UPLOADTHING_CALLBACK_URL: optionalString.pipe(z.url().optional()),
  // Attachments (lib/files/limits.ts): the largest file, files per message, bytes stored per person.
  UPLOAD_MAX_FILE_BYTES: wholeNumber("must be a whole number of bytes", 25 * 1024 * 1024, 2 ** 31 - 1),
  UPLOAD_MAX_FILES_PER_MESSAGE: wholeNumber("must be a whole number of files", 10, 100),
  UPLOAD_QUOTA_BYTES_PER_USER: wholeNumber("must be a whole number of bytes", 1024 * 1024 * 1024),
  REDIS_URL: optionalString.pipe(z.url().optional()),
  // Which X-Forwarded-For hops to believe for per-address limits: a count of proxies in front,
  // or their addresses/CIDR ranges. Unset: the socket address only (see .env.example).
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((value, context) => {
      try {
        return parseTrustedProxies(value);
      } catch (error) {
        context.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
  // Set by the launcher: its HTTP server puts each request's client address in a header for Next.
  LAUNCHER_CLIENT_IP: boolString.transform((v) => v ?? false),
  // Multiplies the budget of every per-person action limit (sending, reactions, uploads, …).
  RATE_LIMIT_SCALE: optionalString.pipe(
    z
      .string()
      .regex(/^\d+(\.\d+)?$/, "must be a positive number")
      .transform(Number)
      .pipe(z.number().positive().max(1_000_000))
      .optional(),
  ),
});

const clientSchema = z.object({
  NEXT_PUBLIC_PUSHER_KEY: optionalString,
  NEXT_PUBLIC_PUSHER_HOST: optionalString,
  NEXT_PUBLIC_PUSHER_PORT: optionalPort,
  NEXT_PUBLIC_PUSHER_USE_TLS: boolString,
  NEXT_PUBLIC_PUSHER_CLUSTER: optionalString,
});

/** Every variable this module reads, the server's and the browser's (deployment files are checked against it). */
export const envVariableNames: readonly string[] = [
  ...Object.keys(serverSchema.shape),
  ...Object.keys(clientSchema.shape),
];

/**
 * The names a direct (unpooled) PostgreSQL URL goes by, the first one set winning: Parley's own,
 * then what Vercel's Neon integration sets, then what the Vercel Postgres and Supabase
 * integrations set. Migrations connect there; the app itself always uses DATABASE_URL.
 */
export const DIRECT_URL_VARIABLES = [
  "DIRECT_DATABASE_URL",
  "DATABASE_URL_UNPOOLED",
  "POSTGRES_URL_NON_POOLING",
] as const;

export interface PostgresConfig {
  /** DATABASE_URL: every connection the app makes at run time (through a pooler or not). */
  url: string;
  /** Where migrations connect: the first direct URL set, else DATABASE_URL. */
  migrationUrl: string;
  /** The variable migrationUrl came from, to name it in messages. */
  migrationUrlVariable: (typeof DIRECT_URL_VARIABLES)[number] | "DATABASE_URL";
  /**
   * DATABASE_URL goes through a pooler in transaction mode (PgBouncer, Supavisor): consecutive
   * statements may run on different server connections, so the app prepares no named
   * statements and keeps no session state there.
   */
  isTransactionPooler: boolean;
  /** Connections in this process's pool. */
  poolMax: number;
  /** How long the pool keeps an idle connection. */
  idleTimeoutMs: number;
}

export type ServerEnv = z.infer<typeof serverSchema> & {
  rootDir: string;
  dataDir: string;
  /** Where the HTTP server listens: LISTEN_HOST, else an IP address in HOSTNAME, else every interface. */
  listenHost: string | undefined;
  /** Functions on a serverless platform (VERCEL set): many small instances, each short-lived. */
  isServerless: boolean;
  /** Set exactly when DATABASE_URL is. */
  postgres: PostgresConfig | undefined;
};
export type ClientEnv = z.infer<typeof clientSchema>;

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

function formatIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "environment"} ${issue.message}`).join("; ");
}

export function parseServerEnv(source: Record<string, string | undefined>): ServerEnv {
  const result = serverSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(`Invalid configuration: ${formatIssues(result.error)}. See .env.example.`);
  }
  // Relative paths resolve from the app's folder, not from wherever the process was started.
  // (A path known only at run time: nothing for the build to trace.)
  const rootDir = path.resolve(/* turbopackIgnore: true */ result.data.PARLEY_ROOT ?? process.cwd());
  const dataDir = path.resolve(rootDir, result.data.DATA_DIR ?? ".data");
  const isServerless = Boolean(result.data.VERCEL);
  return {
    ...result.data,
    rootDir,
    dataDir,
    listenHost: listenHostOf(result.data),
    isServerless,
    postgres: postgresConfig(result.data, isServerless),
  };
}

/**
 * A container id or pod name in HOSTNAME is not an address to listen on (it resolves, if at all,
 * to one interface only, so loopback health checks fail). An IP address there is honoured: that is
 * how earlier configurations chose an interface before LISTEN_HOST.
 */
function listenHostOf(data: { LISTEN_HOST?: string; HOSTNAME?: string }): string | undefined {
  const unbracketed = (host: string) => host.replace(/^\[(.*)\]$/, "$1");
  if (data.LISTEN_HOST) return unbracketed(data.LISTEN_HOST);
  const hostname = data.HOSTNAME && unbracketed(data.HOSTNAME);
  return hostname && isIP(hostname) ? hostname : undefined;
}

function postgresConfig(
  vars: z.infer<typeof serverSchema>,
  isServerless: boolean,
): PostgresConfig | undefined {
  const url = vars.DATABASE_URL;
  if (!url) {
    // The platforms' own names may be set for a database this deployment does not use; ours is
    // only ever set on purpose.
    if (vars.DIRECT_DATABASE_URL) {
      throw new EnvError(
        "Invalid configuration: DIRECT_DATABASE_URL is set without DATABASE_URL. Set DATABASE_URL to the URL the app connects to (the pooled one, if any). See .env.example.",
      );
    }
    return undefined;
  }
  const directVariable = DIRECT_URL_VARIABLES.find((name) => vars[name]);
  const isTransactionPooler = vars.DATABASE_POOLER
    ? vars.DATABASE_POOLER === "transaction"
    : new URL(url).searchParams.get("pgbouncer") === "true";
  return {
    url,
    migrationUrl: (directVariable && vars[directVariable]) || url,
    migrationUrlVariable: directVariable ?? "DATABASE_URL",
    isTransactionPooler,
    // pg's own default, except serverless: there every instance has a pool, and a few
    // connections each keep the total within what the database (or its pooler) accepts.
    poolMax: vars.DATABASE_POOL_MAX ?? (isServerless ? 5 : 10),
    // pg closes a connection idle for 10 s by default. On a server under steady load the pool then
    // shrinks between bursts and regrows in the next one, and each new connection is a new server
    // process with cold caches, slow for its first queries (bench/README.md): keep them for five
    // minutes. A serverless instance is frozen between invocations, and connections held through
    // that are lost or count against the database's limit: let them go after 5 s.
    idleTimeoutMs: isServerless ? 5_000 : 300_000,
  };
}

export function parseClientEnv(source: Record<string, string | undefined>): ClientEnv {
  const result = clientSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(`Invalid configuration: ${formatIssues(result.error)}. See .env.example.`);
  }
  return result.data;
}

let cached: ServerEnv | undefined;

/** The validated server configuration (read on first use). */
export function getEnv(): ServerEnv {
  cached ??= parseServerEnv(process.env);
  return cached;
}

/** Forget the parsed configuration (the launcher sets generated defaults, then re-reads). */
export function resetEnvCache(): void {
  cached = undefined;
}

/** Set a variable for this process before anything reads it (launcher-only: generated defaults). */
export function setDefaultEnv(name: string, value: string): void {
  if (!process.env[name]) process.env[name] = value;
  cached = undefined;
}

/** Sets a variable whatever the environment says (a flag the launcher owns, never the operator). */
export function forceEnv(name: string, value: string): void {
  process.env[name] = value;
  cached = undefined;
}

/** Whether DEBUG is set: start-up failures then print their stack. Read before validation can run. */
export function isDebug(): boolean {
  return Boolean(process.env.DEBUG);
}

/** The NEXT_PUBLIC_ variables, read on the server and handed to the browser at run time. */
export function getClientEnv(): ClientEnv {
  return parseClientEnv(process.env);
}

/** The environment to hand a child process (the production build), with overrides. */
export function childProcessEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
