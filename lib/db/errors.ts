/**
 * A database problem an operator can fix (unreachable server, locked or damaged data folder,
 * failed migration). The launcher prints `message` as the one line explaining why it stopped.
 */
export class DatabaseError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "DatabaseError";
  }
}

function targetOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || "localhost"}:${parsed.port || "5432"}`;
  } catch {
    return "the configured address";
  }
}

/**
 * Turns a driver error from connecting to PostgreSQL into one actionable line naming `variable`,
 * the setting `url` came from.
 */
export function describePostgresError(error: unknown, url: string, variable = "DATABASE_URL"): DatabaseError {
  const code = (error as { code?: string }).code;
  const target = targetOf(url);
  const database = URL.canParse(url) ? new URL(url).pathname.slice(1) : "";
  const reason = error instanceof Error ? error.message : String(error);
  const message = (() => {
    switch (code) {
      case "ECONNREFUSED":
      case "ENOTFOUND":
      case "EAI_AGAIN":
      case "ETIMEDOUT":
      case "EHOSTUNREACH":
        return `Cannot reach PostgreSQL at ${target} — is it running? ${
          variable === "DATABASE_URL"
            ? "Set DATABASE_URL or unset it to use the embedded database."
            : `Check ${variable}.`
        }`;
      case "28P01":
      case "28000":
        return `PostgreSQL at ${target} refused the credentials in ${variable} (${reason}).`;
      case "3D000":
        return `PostgreSQL at ${target} has no database "${database}". Create it (createdb ${database}) or fix ${variable}.`;
      default:
        return `PostgreSQL at ${target} failed: ${reason}`;
    }
  })();
  return new DatabaseError(message, { cause: error });
}

/** The embedded database folder would not open: damaged, or written by an incompatible version. */
export function describePGliteOpenError(error: unknown, dir: string): DatabaseError {
  const reason = error instanceof Error ? error.message : String(error);
  return new DatabaseError(
    `The embedded database at ${dir} could not be opened (${reason}). It may be damaged: restore it from a backup or move the folder aside to start empty (Parley never deletes it), or set DATABASE_URL.`,
    { cause: error },
  );
}

/**
 * True for Prisma's unique-constraint error (P2002). Checked by code rather than `instanceof`:
 * Next.js may load the generated client twice (app bundle and launcher), and the classes differ.
 * Idempotent writes rely on this: insert, and on a unique violation read the row that won.
 */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/**
 * True when the database could not take the work in time rather than refusing it: no pooled
 * connection came free (P2024, or pg's own pool timeout) or an interactive transaction could not
 * start in time (P2028). Under a burst past what the server can do these are the first errors,
 * and they mean "busy, try again", not "broken".
 */
export function isDatabaseBusy(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code === "P2024" || code === "P2028") return true;
  return typeof message === "string" && /timeout exceeded when trying to connect/i.test(message);
}
