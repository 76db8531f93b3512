"use client";

import { accentPalette, type ThemePreference, themes } from "@/lib/accounts/appearance";
import { cn } from "@/lib/utils";

const themeLabels: Record<ThemePreference, string> = { light: "Light", dark: "Dark", system: "System" };

/** Theme and accent colour, as native radio groups (keyboard and screen-reader friendly as is). */
export function AppearanceFields({ theme, accentColor }: { theme: ThemePreference; accentColor: string }) {
  return (
    <>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 text-sm font-semibold">Theme</legend>
        <div className="flex flex-wrap gap-2">
          {themes.map((value) => (
            <label
              key={value}
              className="flex cursor-pointer items-center gap-2 rounded-md border border-border px-3 py-2 text-sm has-[:checked]:border-primary has-[:checked]:bg-accent"
            >
              <input
                type="radio"
                name="theme"
                value={value}
                defaultChecked={theme === value}
                className="accent-primary"
              />
              {themeLabels[value]}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 text-sm font-semibold">Accent colour</legend>
        <div className="flex flex-wrap gap-2">
          {accentPalette.map((accent) => (
            <label key={accent.light} className="relative cursor-pointer" title={accent.label}>
              <input
                type="radio"
                name="accentColor"
                value={accent.light}
                aria-label={accent.label}
                defaultChecked={accentColor === accent.light}
                className="peer absolute inset-0 z-10 m-0 size-full cursor-pointer appearance-none rounded-full opacity-0"
              />
              <span
                aria-hidden
                style={{ backgroundColor: accent.light }}
                className={cn(
                  "block size-8 rounded-full ring-offset-2 ring-offset-background",
                  "peer-checked:ring-2 peer-checked:ring-foreground peer-focus-visible:outline-2 peer-focus-visible:outline-ring",
                )}
              />
            </label>
          ))}
        </div>
      </fieldset>
    </>
  );
}
