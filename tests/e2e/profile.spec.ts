import { expect, type Page, test } from "@playwright/test";
import { actAsNewVisitor, escapeRegExp, newAccount, signIn, signOut, signUp } from "./helpers/accounts";
import { twoColourPng } from "./helpers/images";
import { resignSession, SESSION_COOKIE, sessionCookie } from "./helpers/session";
import { SMOKE } from "./helpers/tags";

const AVATAR_URL = /^\/api\/files\/avatars\/[A-Za-z0-9_-]{24}\.webp$/;

async function uploadAvatar(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
  await page.getByRole("button", { name: "Upload avatar" }).click();
  await page.getByLabel("Avatar image").setInputFiles(file);
}

test(
  "sign up, sign in by username, change name and avatar; another person sees both",
  SMOKE,
  async ({ page, browser }) => {
    const account = await signUp(page, newAccount("hopper"));
    await signOut(page, account);
    await signIn(page, account.username, account.password);
    await page.waitForURL((url) => url.pathname === "/");

    await page.goto("/settings/profile");
    const newName = `Grace ${account.username.slice(-4)}`;
    await page.getByRole("textbox", { name: "Display name" }).fill(newName);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("form", { name: "Profile" }).getByRole("status")).toHaveText(
      "Profile saved.",
    );

    await uploadAvatar(page, { name: "me.png", mimeType: "image/png", buffer: await twoColourPng() });
    const dialog = page.getByRole("dialog", { name: "Crop avatar" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Save avatar" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText("Avatar saved.")).toBeVisible();
    await expect(page.getByRole("img", { name: "Your avatar" })).toHaveAttribute("src", AVATAR_URL);
    // The sidebar shows it too, after the layout re-rendered.
    const sidebarAvatar = page.getByRole("button", { name: "Your profile card" }).locator("img");
    await expect(sidebarAvatar).toHaveAttribute("src", AVATAR_URL);
    const avatarUrl = (await sidebarAvatar.getAttribute("src")) ?? "";

    // Someone else, in their own browser, sees the new name and the picture.
    const otherContext = await browser.newContext();
    const other = await otherContext.newPage();
    await signUp(other, newAccount("reader"));
    await other.goto(`/u/${account.username}`);
    await expect(other.getByRole("heading", { level: 1, name: newName })).toBeVisible();
    await expect(other.getByText(`@${account.username}`)).toBeVisible();
    const picture = other.getByRole("img", { name: `Avatar of ${newName}` });
    await expect(picture).toHaveAttribute("src", avatarUrl);
    await expect
      .poll(() => picture.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth))
      .toBe(256);

    const response = await other.request.get(avatarUrl);
    expect(response.status()).toBe(200);
    expect(response.headers()).toMatchObject({
      "content-type": "image/webp",
      "x-content-type-options": "nosniff",
      "cache-control": "private, max-age=31536000, immutable",
    });
    await otherContext.close();

    // Signed out, the same address answers 401.
    const anonymous = await browser.newContext();
    expect((await anonymous.request.get(avatarUrl)).status()).toBe(401);
    const anonymousUpload = await anonymous.request.post("/api/account/avatar", {
      multipart: {
        avatar: { name: "a.png", mimeType: "image/png", buffer: await twoColourPng() },
        crop: "{}",
      },
    });
    expect(anonymousUpload.status()).toBe(401);
    await anonymous.close();

    // Removing it goes back to the initials, and the old file is gone.
    await page.getByRole("button", { name: "Remove avatar" }).click();
    await expect(page.getByText("Avatar removed.")).toBeVisible();
    await expect(page.getByRole("img", { name: "Your avatar" })).toHaveText(/^G/);
    expect((await page.request.get(avatarUrl)).status()).toBe(404);
  },
);

test("an avatar that is not an image, or is over 5 MB, is refused with a clear message", async ({ page }) => {
  await signUp(page, newAccount("refused"));
  await page.goto("/settings/profile");
  const alert = page.getByRole("alert").filter({ hasText: /image|5 MB/ });

  await uploadAvatar(page, {
    name: "notes.png",
    mimeType: "image/png",
    buffer: Buffer.from("not really a picture"),
  });
  await expect(alert).toHaveText("That file is not an image.");
  await expect(page.getByRole("dialog", { name: "Crop avatar" })).toHaveCount(0);

  const big = Buffer.concat([await twoColourPng(), Buffer.alloc(5 * 1024 * 1024)]);
  await uploadAvatar(page, { name: "huge.png", mimeType: "image/png", buffer: big });
  await expect(alert).toHaveText("That image is larger than 5 MB. Choose a smaller one.");

  // The server refuses the same on its own, whatever the page does.
  const crop = JSON.stringify({ x: 0, y: 0, width: 10, height: 10 });
  const notImage = await page.request.post("/api/account/avatar", {
    multipart: {
      avatar: { name: "a.png", mimeType: "image/png", buffer: Buffer.from("<html>hi</html>") },
      crop,
    },
  });
  expect(notImage.status()).toBe(400);
  expect((await notImage.json()).error.message).toBe("That file is not an image.");
  const tooBig = await page.request.post("/api/account/avatar", {
    multipart: { avatar: { name: "big.png", mimeType: "image/png", buffer: big }, crop },
  });
  expect(tooBig.status()).toBe(413);
  // Another site posting with the person's cookie is refused even with a valid image.
  const crossSite = await page.request.post("/api/account/avatar", {
    headers: { Origin: "https://evil.example" },
    multipart: { avatar: { name: "ok.png", mimeType: "image/png", buffer: await twoColourPng() }, crop },
  });
  expect(crossSite.status()).toBe(403);

  await page.reload();
  await expect(page.getByRole("img", { name: "Your avatar" })).not.toHaveAttribute("src", /.*/);
  await expect(page.getByRole("button", { name: "Remove avatar" })).toHaveCount(0);
});

test("HTML in the display name and bio is shown as text, never run", async ({ page, browser }) => {
  const account = await signUp(page, newAccount("markup"));
  const hostileName = '<img src=x onerror="window.__xss=1">';
  const hostileBio = "<script>window.__xss=2</script><b>bold?</b>";
  await page.goto("/settings/profile");
  await page.getByRole("textbox", { name: "Display name" }).fill(hostileName);
  await page.getByRole("textbox", { name: "Bio" }).fill(hostileBio);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("form", { name: "Profile" }).getByRole("status")).toHaveText("Profile saved.");
  await expect(page.getByRole("button", { name: new RegExp(escapeRegExp(hostileName)) })).toBeVisible();

  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signUp(other, newAccount("viewer"));
  await other.goto(`/u/${account.username}`);
  await expect(other.getByRole("heading", { level: 1 })).toHaveText(hostileName);
  await expect(other.getByText(hostileBio)).toBeVisible();
  expect(await other.locator("article b, article img[src='x']").count()).toBe(0);
  expect(await other.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  await otherContext.close();
});

test("overlong profile fields are refused beside the field and change nothing", async ({ page }) => {
  const account = await signUp(page, newAccount("long"));
  await page.goto("/settings/profile");
  const status = page.getByRole("textbox", { name: "Status", exact: true });
  // Bypass the inputs' maxlength, as a hand-crafted request would.
  await status.evaluate((input: HTMLInputElement) => input.removeAttribute("maxlength"));
  await status.fill("x".repeat(81));
  await page.getByRole("button", { name: "Save" }).click();
  await expect(status).toHaveAccessibleDescription("Use at most 80 characters.");
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Status", exact: true })).toHaveValue("");
  await expect(page.getByRole("textbox", { name: "Display name" })).toHaveValue(account.displayName);
});

test("status, theme and accent are saved on the profile and applied on sign-in", async ({
  page,
  browser,
}) => {
  const account = await signUp(page, newAccount("styled"));
  await page.goto("/settings/profile");
  await page.getByRole("textbox", { name: "Status emoji" }).fill("🌴");
  await page.getByRole("textbox", { name: "Status", exact: true }).fill("On holiday");
  await page.getByRole("combobox", { name: "Clear after" }).selectOption("today");
  await page.getByRole("radio", { name: "Dark" }).check();
  await page.getByRole("radio", { name: "Teal" }).check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("form", { name: "Profile" }).getByRole("status")).toHaveText("Profile saved.");
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);

  // A fresh browser (no stored theme) gets the profile's theme and accent once signed in.
  const context = await browser.newContext({ colorScheme: "light" });
  const fresh = await context.newPage();
  await actAsNewVisitor(fresh);
  await signIn(fresh, account.username, account.password);
  await fresh.waitForURL((url) => url.pathname === "/");
  await expect(fresh.locator("html")).toHaveClass(/\bdark\b/);
  const primary = () =>
    fresh.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--primary").trim());
  await expect.poll(primary).toBe("#2dd4bf");

  await fresh.getByRole("button", { name: "Your profile card" }).click();
  const card = fresh.getByRole("dialog", { name: "Your profile card" });
  await expect(card.getByRole("heading", { name: account.displayName })).toBeVisible();
  await expect(card).toContainText("🌴");
  await expect(card).toContainText("On holiday");
  await context.close();
});

test("a theme picked from the sidebar menu follows the person to a new browser", async ({
  page,
  browser,
}) => {
  const account = await signUp(page, newAccount("menu"));
  await page.getByRole("button", { name: "Theme" }).first().click();
  const saved = page.waitForResponse((response) => response.request().method() === "POST" && response.ok());
  await page.getByRole("menuitemradio", { name: "Dark" }).click();
  await saved;
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);

  const context = await browser.newContext({ colorScheme: "light" });
  const fresh = await context.newPage();
  await actAsNewVisitor(fresh);
  await signIn(fresh, account.email, account.password);
  await fresh.waitForURL((url) => url.pathname === "/");
  await expect(fresh.locator("html")).toHaveClass(/\bdark\b/);
  await context.close();
});

test("a forged, tampered or expired session cookie is treated as signed out", async ({ page, browser }) => {
  await signUp(page, newAccount("cookie"));
  const real = await sessionCookie(page.context());
  const tampered = `${real.value.slice(0, -6)}${real.value.slice(-6).split("").reverse().join("")}`;
  const expired = await resignSession(page.context(), -3600);
  const stillValid = await resignSession(page.context(), 3600);

  const attempt = async (value: string) => {
    const context = await browser.newContext();
    await context.addCookies([{ ...real, value, name: SESSION_COOKIE }]);
    const visitor = await context.newPage();
    await visitor.goto("/settings/profile");
    const path = new URL(visitor.url()).pathname;
    const apiStatus = (await visitor.request.get("/api/users/anyone")).status();
    await context.close();
    return { path, apiStatus };
  };

  // The re-signing itself is sound: the same claims with time left are a working session.
  expect(await attempt(stillValid)).toEqual({ path: "/settings/profile", apiStatus: 404 });
  for (const value of ["forged-session-token", tampered, expired]) {
    expect(await attempt(value)).toEqual({ path: "/sign-in", apiStatus: 401 });
  }
});
