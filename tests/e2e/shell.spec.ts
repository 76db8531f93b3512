import { expect, test } from "@playwright/test";
import { signUp } from "./helpers/accounts";
import { SMOKE } from "./helpers/tags";

test("health reports the engines in use", SMOKE, async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toContain("no-store");
  const health = await response.json();
  expect(health).toMatchObject({
    ok: true,
    database: process.env.DATABASE_URL ? "postgres" : "pglite",
    realtime: "embedded",
    storage: "local",
  });
});

test.describe("signed in", () => {
  // The app pages need an account: each test starts as a freshly signed-up person.
  test.beforeEach(async ({ page }) => {
    await signUp(page);
  });

  test("pages carry a strict, nonce-based content security policy", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy/i.test(message.text())) {
        violations.push(message.text());
      }
    });
    const response = await page.goto("/");
    const csp = response?.headers()["content-security-policy"] ?? "";
    const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
    expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(scriptSrc).not.toContain("unsafe-eval");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response?.headers()["x-content-type-options"]).toBe("nosniff");
    // The app hydrates under the policy: client navigation works.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Friends" }).click();
    await expect(page).toHaveURL(/\/friends$/);
    expect(violations).toEqual([]);
  });

  test("the shell navigates between its sections", async ({ page }) => {
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(page.getByRole("heading", { name: "No conversation selected" })).toBeVisible();
    await nav.getByRole("link", { name: "Friends" }).click();
    await expect(page.getByRole("heading", { name: "No friends yet" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Friends" })).toHaveAttribute("aria-current", "page");
    await nav.getByRole("link", { name: "Settings" }).click();
    await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
    await expect(page).toHaveTitle("Settings · Parley");
  });

  test("dark mode is chosen from the theme menu and survives a reload", async ({ page }) => {
    await page.goto("/settings");
    await page.getByRole("button", { name: "Theme" }).first().click();
    await page.getByRole("menuitemradio", { name: "Dark" }).click();
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    await page.reload();
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    await page.getByRole("button", { name: "Theme" }).first().click();
    await page.getByRole("menuitemradio", { name: "Light" }).click();
    await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
  });

  test("unknown pages say so", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });

  test("on a phone the navigation lives in a drawer @mobile", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
    await page.getByRole("button", { name: "Open navigation" }).click();
    const drawer = page.getByRole("dialog", { name: "Navigation" });
    await expect(drawer).toBeVisible();
    await drawer.getByRole("link", { name: "Friends" }).click();
    await expect(page).toHaveURL(/\/friends$/);
    await expect(drawer).toBeHidden();
    await expect(page.getByRole("heading", { name: "No friends yet" })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
