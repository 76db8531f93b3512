/** What a form's server action answers; the form renders it (useActionState). */
export interface FormState {
  status: "idle" | "error" | "success";
  /** Shown above the form (errors) or as a confirmation (success). */
  message?: string;
  /** Field name → message shown beside that field. */
  fields?: Record<string, string>;
  /** What the person typed, so a refused form keeps it (passwords are never echoed). */
  values?: Record<string, string>;
}

export const idleFormState: FormState = { status: "idle" };
