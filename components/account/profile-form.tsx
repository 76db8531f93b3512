"use client";

import { updateProfileAction } from "@/app/(chat)/settings/profile/actions";
import { FormField } from "@/components/auth/form-field";
import { FormMessage } from "@/components/auth/form-message";
import { SubmitButton } from "@/components/auth/submit-button";
import { useValidatedAction } from "@/components/auth/use-validated-action";
import { limits, profileSchema } from "@/lib/accounts/schemas";
import { BioField } from "./bio-field";

export function ProfileForm({ profile }: { profile: { displayName: string; bio: string } }) {
  const { state, formAction, isPending, onSubmit, errorFor } = useValidatedAction(
    updateProfileAction,
    profileSchema,
  );
  const values = state.values ?? profile;
  return (
    <form
      aria-label="Profile"
      action={formAction}
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-4 rounded-lg border border-border p-4"
    >
      <FormField
        name="displayName"
        label="Display name"
        autoComplete="name"
        required
        maxLength={limits.displayNameMax}
        defaultValue={values.displayName}
        error={errorFor("displayName")}
      />
      <BioField defaultValue={values.bio ?? ""} error={errorFor("bio")} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
        <SubmitButton isPending={isPending}>Save</SubmitButton>
        <div className="flex-1">
          <FormMessage state={isPending ? { status: "idle" } : state} />
        </div>
      </div>
    </form>
  );
}
