import type { Metadata } from "next";
import Link from "next/link";
import { ProfileForm } from "@/components/account/profile-form";
import { getProfile } from "@/lib/accounts/profile";
import { requireUser } from "@/lib/auth/require-user";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfileSettingsPage() {
  const user = await requireUser();
  const profile = await getProfile({ db: getDb(), actor: user });
  return (
    <div className="mx-auto max-w-2xl p-4 sm:p-6">
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted-foreground">
        <Link href="/settings" className="hover:underline">
          Settings
        </Link>
      </nav>
      <h1 className="mb-1 text-2xl font-semibold">Profile</h1>
      <p className="mb-6 text-sm text-muted-foreground">
        Others see you as <span className="font-medium text-foreground">@{profile.username}</span>.
      </p>
      <ProfileForm profile={{ displayName: profile.displayName, bio: profile.bio ?? "" }} />
    </div>
  );
}
