import { isNestedDeeperThan, MAX_JSON_DEPTH } from "./json-depth";

/** A REST failure with the HTTP status the Pusher API uses for it. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export function parseJsonBody(body: Buffer): Record<string, unknown> {
  const text = body.toString("utf8");
  if (isNestedDeeperThan(text))
    throw new HttpError(400, `Body is nested more than ${MAX_JSON_DEPTH} levels deep`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, "Body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(400, "Body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

/** `info=a,b` → the requested attribute names. */
export function parseInfo(value: unknown): Set<string> {
  if (value === undefined || value === null || value === "") return new Set();
  if (typeof value !== "string") throw new HttpError(400, "info must be a comma-separated string");
  return new Set(
    value
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  );
}
