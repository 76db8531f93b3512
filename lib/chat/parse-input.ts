import type { z } from "zod";
import { AppError, type ErrorCode } from "@/lib/errors";
import { fieldErrors } from "@/lib/field-errors";

/**
 * A domain function's input as it arrives from a request, before the one parse that domain
 * function does: route handlers pass fields through unparsed, so each input is validated once,
 * by the function every entry point calls.
 */
export type Unparsed<T> = { [K in keyof T]?: unknown };

/** The fields of a JSON body: its own properties when it is an object, else none (the parse names what is missing). */
export function fieldsOf(json: unknown): Record<string, unknown> {
  return typeof json === "object" && json !== null && !Array.isArray(json)
    ? (json as Record<string, unknown>)
    : {};
}

/** Parses with `schema` or throws `invalid:<subject>` naming each bad field, safe to show. */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown, subject: string): z.output<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const fields = fieldErrors(parsed.error, subject);
  const summary = Object.entries(fields)
    .map(([field, message]) => `${field}: ${message}`)
    .join("; ");
  // A refused message body, or a message's attachments, have their own codes wherever parsed.
  const field = parsed.error.issues[0]?.path[0];
  const code: ErrorCode =
    field === "body"
      ? "invalid:body"
      : field === "attachmentIds"
        ? "invalid:attachments"
        : `invalid:${subject}`;
  throw new AppError(code, `Invalid ${subject}: ${summary}`, { fields });
}
