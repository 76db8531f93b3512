import "server-only";
import type { z } from "zod";
import type { FormState } from "@/lib/accounts/form-state";
import { isAppError } from "@/lib/errors";
import { fieldErrors } from "@/lib/field-errors";

/**
 * The one shape of a form's server action, beside withUser for route handlers: parse the form's
 * fields with `schema` (each problem shown beside its field), run, and turn an AppError into the
 * form's error state — its field messages beside the fields, else its message above the form.
 * `values` are echoed back so a refused form keeps what was typed (never passwords). Anything
 * else, including Next's redirects, is rethrown.
 */
export async function formAction<S extends z.ZodType>(
  schema: S,
  fields: unknown,
  run: (input: z.output<S>) => Promise<FormState>,
  values?: Record<string, string>,
): Promise<FormState> {
  const parsed = schema.safeParse(fields);
  if (!parsed.success) return { status: "error", fields: fieldErrors(parsed.error), values };
  try {
    return await run(parsed.data);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return {
      status: "error",
      message: error.fields ? undefined : error.message,
      fields: error.fields,
      values,
    };
  }
}

/** The named fields of a form, as the schema expects them (absent ones are null). */
export function formFields(
  formData: FormData,
  names: readonly string[],
): Record<string, FormDataEntryValue | null> {
  return Object.fromEntries(names.map((name) => [name, formData.get(name)]));
}
