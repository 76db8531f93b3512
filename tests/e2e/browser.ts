import fs from "node:fs";
import { chromium } from "@playwright/test";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** The browser the end-to-end tests drive: CHROMIUM_PATH, a system Chromium, or Playwright's own. */
export function findChromium(): string {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) {
    if (!fs.existsSync(explicit))
      throw new Error(`CHROMIUM_PATH points at ${explicit}, which does not exist.`);
    return explicit;
  }
  for (const candidate of CANDIDATES) if (fs.existsSync(candidate)) return candidate;
  const bundled = (() => {
    try {
      return chromium.executablePath();
    } catch {
      return undefined;
    }
  })();
  if (bundled && fs.existsSync(bundled)) return bundled;
  throw new Error(
    "No Chromium found: install one (Debian: `apt-get install chromium`) or set CHROMIUM_PATH to a Chromium or Chrome binary.",
  );
}

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
];
