"use server";

import { revalidatePath } from "next/cache";
import type { FormState } from "@/lib/accounts/form-state";
import { updateProfile } from "@/lib/accounts/profile";
import { fieldErrors, profileSchema } from "@/lib/accounts/schemas";
import { requireActionUser } from "@/lib/auth/require-user";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";

export async function updateProfileAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = {
    displayName: String(formData.get("displayName") ?? ""),
    bio: String(formData.get("bio") ?? ""),
  };
  try {
    const actor = await requireActionUser();
    const parsed = profileSchema.safeParse(values);
    if (!parsed.success) return { status: "error", fields: fieldErrors(parsed.error), values };
    const profile = await updateProfile({ db: getDb(), actor, input: parsed.data });
    // The sidebar (in the layout) shows the display name: re-render it with the new one.
    revalidatePath("/", "layout");
    return {
      status: "success",
      message: "Profile saved.",
      values: { displayName: profile.displayName, bio: profile.bio ?? "" },
    };
  } catch (error) {
    if (isAppError(error)) return { status: "error", message: error.message, fields: error.fields, values };
    throw error;
  }
}
