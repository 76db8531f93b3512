import type { Metadata } from "next";
import { ThemeMenu } from "@/components/theme/theme-menu";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <div className="mx-auto max-w-2xl p-6">
      <h1 className="mb-6 text-2xl font-semibold">Settings</h1>
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
  );
}
