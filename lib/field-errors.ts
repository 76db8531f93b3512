import type { z } from "zod";

/**
 * A failed parse as the one shape every form and refusal shows: field name → its first message.
 * Nested fields are named by their path (`body.content`); a problem with no path by `fallback`.
 * Used by forms (client and server), server actions and the domain functions' parseInput.
 */
export function fieldErrors(error: z.ZodError, fallback = "form"): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const name = issue.path.map(String).join(".") || fallback;
    fields[name] ??= issue.message;
  }
  return fields;
}
