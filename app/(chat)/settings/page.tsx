import type { Metadata } from "next";
import { SettingsLink, SettingsSection } from "@/components/settings/settings-section";
import { ThemeMenu } from "@/components/theme/theme-menu";
import { saveThemeAction } from "./profile/actions";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <div className="mx-auto max-w-2xl p-6">
      <h1 className="mb-6 text-2xl font-semibold">Settings</h1>
      <div className="flex flex-col gap-4">
        <SettingsSection id="account" title="Account">
          <SettingsLink href="/settings/profile" label="Profile" description="Your display name and bio." />
          <SettingsLink
            href="/settings/account"
            label="Password and account"
            description="Change your password, or delete your account."
          />
        </SettingsSection>
        <SettingsSection id="devices" title="Devices">
          <SettingsLink
            href="/settings/devices"
            label="Devices"
            description="Check that live updates reach your other devices, or sign out of all of them."
          />
        </SettingsSection>
        <SettingsSection id="appearance" title="Appearance">
          <div className="flex items-center justify-between">
            <p className="text-sm text-muted-foreground">Light, dark, or follow the system.</p>
            <ThemeMenu onChange={saveThemeAction} />
          </div>
        </SettingsSection>
      </div>
    </div>
  );
}
