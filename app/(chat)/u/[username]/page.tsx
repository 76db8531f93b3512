import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ProfileCard } from "@/components/profile/profile-card";
import { getPublicProfile } from "@/lib/accounts/public-profile";
import { usernameSchema } from "@/lib/accounts/schemas";
import { requireUser } from "@/lib/auth/require-user";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Profile" };

async function findProfile(username: string) {
  const parsed = usernameSchema.safeParse(decodeURIComponent(username).replace(/^@/, ""));
  if (!parsed.success) return null;
  try {
    return await getPublicProfile({ username: parsed.data });
  } catch (error) {
    if (isAppError(error) && error.kind === "not_found") return null;
    throw error;
  }
}

export default async function PublicProfilePage({ params }: { params: Promise<{ username: string }> }) {
  await requireUser();
  const profile = await findProfile((await params).username);
  if (!profile) notFound();
  return (
    <div className="mx-auto max-w-md p-4 sm:p-6">
      <div className="rounded-lg border border-border bg-card p-6">
        <ProfileCard profile={profile} headingLevel={1} />
      </div>
    </div>
  );
}
