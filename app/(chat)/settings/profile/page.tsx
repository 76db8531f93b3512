import type { Metadata } from "next";
import Link from "next/link";
import { AvatarSection } from "@/components/account/avatar-section";
import { ProfileForm } from "@/components/account/profile-form";
import { SettingsHeading } from "@/components/account/settings-heading";
import { defaultAccent } from "@/lib/accounts/appearance";
import { getProfile } from "@/lib/accounts/profile";
import { activeStatus } from "@/lib/accounts/status";
import { requireUser } from "@/lib/auth/require-user";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfileSettingsPage() {
  const user = await requireUser();
  const profile = await getProfile({ actor: user });
  const status = activeStatus(profile);
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-4 p-4 sm:p-6">
      <SettingsHeading title="Profile">
        <p className="text-sm text-muted-foreground">
          Others see you as <span className="font-medium text-foreground">@{profile.username}</span>.{" "}
          <Link href={`/u/${profile.username}`} className="underline">
            View your profile
          </Link>
        </p>
      </SettingsHeading>
      <AvatarSection name={profile.displayName} avatar={profile.avatar} />
      <ProfileForm
        profile={{
          displayName: profile.displayName,
          bio: profile.bio ?? "",
          statusEmoji: status?.emoji ?? "",
          statusText: status?.text ?? "",
          statusExpiresAt: status ? (profile.statusExpiresAt?.toISOString() ?? null) : null,
          theme: profile.theme,
          accentColor: profile.accentColor ?? defaultAccent,
        }}
      />
    </div>
  );
}
