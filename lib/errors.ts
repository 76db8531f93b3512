import { isDatabaseBusy } from "@/lib/db/errors";

// One error type for the whole app (DESIGN.md §3.5). Codes are stable strings
// `<kind>:<subject>` (e.g. `forbidden:conversation`, `invalid:body`); the kind decides the
// HTTP status, and `message` is always safe to show to the person.

export type ErrorKind =
  | "invalid"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "limit"
  | "rate_limited"
  | "too_large"
  | "unsupported"
  | "unavailable";

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  /** A fixed cap on the resource itself (e.g. distinct reactions on a message), not on the caller. */
  limit: 409,
  too_large: 413,
  /** A body in a media type the route does not take (415). */
  unsupported: 415,
  rate_limited: 429,
  unavailable: 503,
};

const DEFAULT_MESSAGE: Record<ErrorKind, string> = {
  invalid: "That input is not valid.",
  unauthorized: "Please sign in.",
  forbidden: "You are not allowed to do that.",
  not_found: "Not found.",
  conflict: "That conflicts with something that already exists.",
  limit: "That would go over a limit.",
  too_large: "That is too large.",
  unsupported: "That kind of content is not accepted here.",
  rate_limited: "Too many attempts. Try again later.",
  unavailable: "Parley is temporarily unavailable. Try again shortly.",
};

export type ErrorCode = `${ErrorKind}:${string}` | ErrorKind;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  /** Per-field messages for forms (field name → message). */
  readonly fields?: Record<string, string>;
  /** Seconds until a rate-limited action may be retried. */
  readonly retryAfter?: number;

  constructor(
    code: ErrorCode,
    message?: string,
    extra: { fields?: Record<string, string>; retryAfter?: number } = {},
  ) {
    const kind = code.split(":")[0] as ErrorKind;
    super(message ?? DEFAULT_MESSAGE[kind]);
    this.name = "AppError";
    this.code = code;
    this.kind = kind;
    this.fields = extra.fields;
    this.retryAfter = extra.retryAfter;
  }

  get status(): number {
    return STATUS[this.kind];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/**
 * Maps any error to a JSON response. Unknown errors are logged and answered with a generic
 * 500: database and library messages never reach the client.
 */
export function errorResponse(error: unknown): Response {
  if (isAppError(error)) {
    const headers: Record<string, string> = {};
    if (error.retryAfter !== undefined) headers["Retry-After"] = String(Math.ceil(error.retryAfter));
    // The rest of an oversized body is never read: close the connection rather than leave the
    // client sending into a socket nobody drains (or the server draining it to reuse the socket).
    if (error.kind === "too_large") headers.Connection = "close";
    return Response.json(
      { error: { code: error.code, message: error.message, fields: error.fields } },
      { status: error.status, headers },
    );
  }
  if (isDatabaseBusy(error)) {
    // Overload, not a fault: one line, and an answer the client may retry after a second.
    console.warn(
      `Database busy, answered 503: ${error instanceof Error ? error.message.split("\n")[0] : ""}`,
    );
    return Response.json(
      { error: { code: "unavailable:busy", message: DEFAULT_MESSAGE.unavailable } },
      { status: 503, headers: { "Retry-After": "1" } },
    );
  }
  console.error(error);
  return Response.json({ error: { code: "internal", message: "Something went wrong." } }, { status: 500 });
}
