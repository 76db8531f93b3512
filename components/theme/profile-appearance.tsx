"use client";

import { useTheme } from "next-themes";
import { useEffect } from "react";
import type { ThemePreference } from "@/lib/accounts/appearance";

/**
 * Applies the theme saved on the profile when the signed-in layout mounts (a new sign-in, a new
 * device) and whenever the saved value changes. Choosing a theme from the theme menu still works
 * for the rest of the visit; the profile is the lasting preference.
 */
export function ProfileTheme({ theme }: { theme: ThemePreference }) {
  const { theme: current, setTheme } = useTheme();
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-apply only when the saved preference changes, not on every menu choice
  useEffect(() => {
    if (current !== theme) setTheme(theme);
  }, [theme]);
  return null;
}

/** Overrides `--primary` for the chosen accent; the stylesheet text comes from a fixed palette. */
export function AccentStyle({ css }: { css: string | null }) {
  if (!css) return null;
  return <style>{css}</style>;
}
