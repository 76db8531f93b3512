// Theme and accent choices, shared by the profile form, the server action and the layout.
// No server-only imports: the browser bundle includes this file.

export const themes = ["light", "dark", "system"] as const;
export type ThemePreference = (typeof themes)[number];

/**
 * A fixed palette rather than a free colour picker: each `light` shade keeps white text at
 * WCAG AA contrast (≥ 4.5:1), and each `dark` shade keeps the dark theme's near-black text
 * readable. The stored value is the light shade.
 */
export const accentPalette = [
  { label: "Indigo", light: "#4f46e5", dark: "#818cf8" },
  { label: "Violet", light: "#7c3aed", dark: "#a78bfa" },
  { label: "Blue", light: "#2563eb", dark: "#60a5fa" },
  { label: "Teal", light: "#0f766e", dark: "#2dd4bf" },
  { label: "Green", light: "#15803d", dark: "#4ade80" },
  { label: "Rose", light: "#e11d48", dark: "#fb7185" },
  { label: "Orange", light: "#c2410c", dark: "#fb923c" },
] as const;
export type AccentColor = (typeof accentPalette)[number]["light"];
export const accentColors = accentPalette.map((accent) => accent.light) as [AccentColor, ...AccentColor[]];

export const defaultAccent: AccentColor = "#4f46e5";

export function isAccentColor(value: string): value is AccentColor {
  return accentPalette.some((accent) => accent.light === value);
}

/** The stylesheet that overrides `--primary` for a chosen accent, or null for the default one. */
export function accentStyleSheet(accent: string | null): string | null {
  const entry = accentPalette.find((candidate) => candidate.light === accent);
  if (!entry || entry.light === defaultAccent) return null;
  // Values come from the palette above, never from input, so they are safe to inline.
  return `html:root{--primary:${entry.light};--ring:${entry.light}}html.dark{--primary:${entry.dark};--ring:${entry.dark}}`;
}
