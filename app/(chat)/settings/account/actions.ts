"use server";

import { changeEmail } from "@/lib/accounts/change-email";
import { changePassword } from "@/lib/accounts/change-password";
import { deleteAccount } from "@/lib/accounts/delete-account";
import type { FormState } from "@/lib/accounts/form-state";
import {
  changeEmailSchema,
  changePasswordSchema,
  deleteAccountSchema,
  fieldErrors,
} from "@/lib/accounts/schemas";
import { signIn, signOut } from "@/lib/auth";
import { requireActionUser } from "@/lib/auth/require-user";
import { isAppError } from "@/lib/errors";
import { getAuthLimiters } from "@/lib/rate-limit";

export async function changePasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  let username: string;
  const parsed = changePasswordSchema.safeParse({
    currentPassword: formData.get("currentPassword"),
    newPassword: formData.get("newPassword"),
  });
  if (!parsed.success) return { status: "error", fields: fieldErrors(parsed.error) };
  try {
    const actor = await requireActionUser();
    ({ username } = await changePassword({
      limiters: getAuthLimiters(),
      actor,
      input: parsed.data,
    }));
  } catch (error) {
    if (isAppError(error))
      return { status: "error", message: error.fields ? undefined : error.message, fields: error.fields };
    throw error;
  }
  // The change ended every session, this one included: issue this browser a fresh one.
  await signIn("credentials", {
    identifier: username,
    password: parsed.data.newPassword,
    redirectTo: "/settings/account?changed=1",
  });
  return { status: "idle" };
}

export async function deleteAccountAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = deleteAccountSchema.safeParse({
    confirmUsername: formData.get("confirmUsername"),
    password: formData.get("password"),
  });
  if (!parsed.success) return { status: "error", fields: fieldErrors(parsed.error) };
  try {
    const actor = await requireActionUser();
    await deleteAccount({ limiters: getAuthLimiters(), actor, input: parsed.data });
  } catch (error) {
    if (isAppError(error))
      return { status: "error", message: error.fields ? undefined : error.message, fields: error.fields };
    throw error;
  }
  await signOut({ redirectTo: "/sign-in" });
  return { status: "idle" };
}

export async function changeEmailAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = { email: String(formData.get("email") ?? "") };
  const parsed = changeEmailSchema.safeParse({
    email: formData.get("email"),
    password: formData.get("password"),
  });
  if (!parsed.success) return { status: "error", fields: fieldErrors(parsed.error), values };
  try {
    const actor = await requireActionUser();
    const { email } = await changeEmail({
      limiters: getAuthLimiters(),
      actor,
      input: parsed.data,
    });
    return { status: "success", message: `Your email is now ${email}.`, values: { email } };
  } catch (error) {
    if (isAppError(error)) {
      return {
        status: "error",
        message: error.fields ? undefined : error.message,
        fields: error.fields,
        values,
      };
    }
    throw error;
  }
}
