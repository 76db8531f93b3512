"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { themes } from "@/lib/accounts/appearance";
import type { FormState } from "@/lib/accounts/form-state";
import { updateProfile, updateTheme } from "@/lib/accounts/profile";
import { profileSchema } from "@/lib/accounts/schemas";
import { formAction } from "@/lib/auth/form-action";
import { requireActionUser } from "@/lib/auth/require-user";
import { AppError } from "@/lib/errors";

const FIELDS = [
  "displayName",
  "bio",
  "statusEmoji",
  "statusText",
  "statusClearAfter",
  "timeZoneOffset",
  "theme",
  "accentColor",
];

export async function updateProfileAction(_previous: FormState, formData: FormData): Promise<FormState> {
  // Fields the form left out stay undefined, so updateProfile keeps what is stored for them.
  const values: Record<string, string> = {};
  for (const name of FIELDS) {
    const value = formData.get(name);
    if (typeof value === "string") values[name] = value;
  }
  values.displayName ??= "";
  values.bio ??= "";
  return formAction(
    profileSchema,
    values,
    async (input) => {
      const actor = await requireActionUser();
      const profile = await updateProfile({ actor, input });
      // The sidebar (in the layout) shows the name, and the layout applies theme and accent.
      revalidatePath("/", "layout");
      return {
        status: "success",
        message: "Profile saved.",
        values: {
          displayName: profile.displayName,
          bio: profile.bio ?? "",
          statusEmoji: profile.statusEmoji ?? "",
          statusText: profile.statusText ?? "",
          theme: profile.theme,
          accentColor: profile.accentColor ?? "",
        },
      };
    },
    values,
  );
}

/** The theme menu's choice, kept on the profile so it follows the person to other devices. */
export async function saveThemeAction(theme: string): Promise<void> {
  const actor = await requireActionUser();
  const parsed = z.enum(themes).safeParse(theme);
  if (!parsed.success) throw new AppError("invalid:theme", "Choose light, dark or system.");
  await updateTheme({ actor, theme: parsed.data });
  revalidatePath("/", "layout");
}
