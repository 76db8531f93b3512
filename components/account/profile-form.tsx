"use client";

import { updateProfileAction } from "@/app/(chat)/settings/profile/actions";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { useValidatedAction } from "@/components/ui/use-validated-action";
import type { ThemePreference } from "@/lib/accounts/appearance";
import { profileSchema } from "@/lib/accounts/schemas";
import { DisplayNameField } from "./account-fields";
import { AppearanceFields } from "./appearance-fields";
import { BioField } from "./bio-field";
import { StatusFields } from "./status-fields";

export interface ProfileFormValues {
  displayName: string;
  bio: string;
  statusEmoji: string;
  statusText: string;
  statusExpiresAt: string | null;
  theme: ThemePreference;
  accentColor: string;
}

export function ProfileForm({ profile }: { profile: ProfileFormValues }) {
  const { state, formAction, isPending, onSubmit, errorFor } = useValidatedAction(
    updateProfileAction,
    profileSchema,
  );
  const values = { ...profile, ...state.values };
  return (
    <form
      aria-label="Profile"
      action={formAction}
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-6 rounded-lg border border-border p-4"
    >
      <div className="flex flex-col gap-4">
        <DisplayNameField
          name="displayName"
          defaultValue={values.displayName}
          error={errorFor("displayName")}
        />
        <BioField defaultValue={values.bio ?? ""} error={errorFor("bio")} />
      </div>
      <StatusFields
        emoji={values.statusEmoji}
        text={values.statusText}
        expiresAt={profile.statusExpiresAt}
        errorFor={errorFor}
      />
      <AppearanceFields theme={values.theme as ThemePreference} accentColor={values.accentColor} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
        <SubmitButton isPending={isPending}>Save</SubmitButton>
        <div className="flex-1">
          <FormMessage state={isPending ? { status: "idle" } : state} />
        </div>
      </div>
    </form>
  );
}
