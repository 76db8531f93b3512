"use server";

import { changeEmail } from "@/lib/accounts/change-email";
import { changePassword } from "@/lib/accounts/change-password";
import { deleteAccount } from "@/lib/accounts/delete-account";
import type { FormState } from "@/lib/accounts/form-state";
import { changeEmailSchema, changePasswordSchema, deleteAccountSchema } from "@/lib/accounts/schemas";
import { signIn, signOut } from "@/lib/auth";
import { formAction, formFields } from "@/lib/auth/form-action";
import { requireActionUser } from "@/lib/auth/require-user";
import { getAuthLimiters } from "@/lib/rate-limit";

export async function changePasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const fields = formFields(formData, ["currentPassword", "newPassword"]);
  return formAction(changePasswordSchema, fields, async (input) => {
    const actor = await requireActionUser();
    const { username } = await changePassword({ limiters: getAuthLimiters(), actor, input });
    // The change ended every session, this one included: issue this browser a fresh one.
    await signIn("credentials", {
      identifier: username,
      password: input.newPassword,
      redirectTo: "/settings/account?changed=1",
    });
    return { status: "idle" };
  });
}

export async function deleteAccountAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const fields = formFields(formData, ["confirmUsername", "password"]);
  return formAction(deleteAccountSchema, fields, async (input) => {
    const actor = await requireActionUser();
    await deleteAccount({ limiters: getAuthLimiters(), actor, input });
    await signOut({ redirectTo: "/sign-in" });
    return { status: "idle" };
  });
}

export async function changeEmailAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = { email: String(formData.get("email") ?? "") };
  const fields = formFields(formData, ["email", "password"]);
  return formAction(
    changeEmailSchema,
    fields,
    async (input) => {
      const actor = await requireActionUser();
      const { email } = await changeEmail({ limiters: getAuthLimiters(), actor, input });
      return { status: "success", message: `Your email is now ${email}.`, values: { email } };
    },
    values,
  );
}
