import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** Parses with `schema` or throws `invalid:<subject>` naming each bad field, safe to show. */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown, subject: string): z.output<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.join(".") || subject;
    fields[key] ??= issue.message;
  }
  const summary = Object.entries(fields)
    .map(([field, message]) => `${field}: ${message}`)
    .join("; ");
  throw new AppError(`invalid:${subject}`, `Invalid ${subject}: ${summary}`, { fields });
}
