import type { Metadata } from "next";
import { ChangeEmailForm } from "@/components/account/change-email-form";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { DeleteAccountForm } from "@/components/account/delete-account-form";
import { SettingsHeading } from "@/components/account/settings-heading";
import { getProfile } from "@/lib/accounts/profile";
import { requireUser } from "@/lib/auth/require-user";

export const metadata: Metadata = { title: "Password and account" };

export default async function SecuritySettingsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const { email } = await getProfile({ actor: user });
  const isChanged = (await searchParams).changed === "1";
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-8 p-4 sm:p-6">
      <SettingsHeading title="Password and account" />
      <section aria-labelledby="email-heading" className="flex flex-col gap-3">
        <h2 id="email-heading" className="font-medium">
          Email
        </h2>
        <ChangeEmailForm email={email ?? ""} />
      </section>
      <section aria-labelledby="password-heading" className="flex flex-col gap-3">
        <h2 id="password-heading" className="font-medium">
          Password
        </h2>
        <p className="text-sm text-muted-foreground">Changing it signs you out everywhere else.</p>
        <ChangePasswordForm
          notice={isChanged ? "Password changed. Other sessions were signed out." : undefined}
        />
      </section>
      <section aria-labelledby="delete-account" className="rounded-lg border border-danger/40 p-4">
        <h2 id="delete-account" className="mb-1 font-medium text-danger">
          Delete account
        </h2>
        <p className="mb-4 text-sm text-muted-foreground">
          Your profile, email and sign-in methods are erased and every session ends. Messages you sent stay,
          shown as from “Deleted user”. This cannot be undone.
        </p>
        <DeleteAccountForm username={user.username} />
      </section>
    </div>
  );
}
