import { ChevronRight } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { ThemeMenu } from "@/components/theme/theme-menu";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <div className="mx-auto max-w-2xl p-6">
      <h1 className="mb-6 text-2xl font-semibold">Settings</h1>
      <div className="flex flex-col gap-4">
        <section aria-labelledby="account" className="rounded-lg border border-border p-4">
          <h2 id="account" className="mb-2 font-medium">
            Account
          </h2>
          <Link
            href="/settings/profile"
            aria-describedby="profile-description"
            className="-mx-2 flex items-center justify-between rounded-md px-2 py-2 text-sm font-medium hover:bg-muted"
          >
            Profile
            <ChevronRight aria-hidden className="size-4 text-muted-foreground" />
          </Link>
          <p id="profile-description" className="mb-2 text-sm text-muted-foreground">
            Your display name and bio.
          </p>
          <Link
            href="/settings/account"
            aria-describedby="password-description"
            className="-mx-2 flex items-center justify-between rounded-md px-2 py-2 text-sm font-medium hover:bg-muted"
          >
            Password and account
            <ChevronRight aria-hidden className="size-4 text-muted-foreground" />
          </Link>
          <p id="password-description" className="text-sm text-muted-foreground">
            Change your password, or delete your account.
          </p>
        </section>
        <section aria-labelledby="devices" className="rounded-lg border border-border p-4">
          <h2 id="devices" className="mb-2 font-medium">
            Devices
          </h2>
          <Link
            href="/settings/devices"
            aria-describedby="devices-description"
            className="-mx-2 flex items-center justify-between rounded-md px-2 py-2 text-sm font-medium hover:bg-muted"
          >
            Live updates
            <ChevronRight aria-hidden className="size-4 text-muted-foreground" />
          </Link>
          <p id="devices-description" className="text-sm text-muted-foreground">
            Check that live updates reach your other tabs and devices.
          </p>
        </section>
        <section aria-labelledby="appearance" className="rounded-lg border border-border p-4">
          <h2 id="appearance" className="mb-2 font-medium">
            Appearance
          </h2>
          <div className="flex items-center justify-between">
            <p className="text-sm text-muted-foreground">Light, dark, or follow the system.</p>
            <ThemeMenu />
          </div>
        </section>
      </div>
    </div>
  );
}
