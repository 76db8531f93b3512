import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { signUp } from "./helpers/accounts";
import { twoColourPng } from "./helpers/images";
import { SMOKE } from "./helpers/tags";

async function imageWidth(page: Page, selector: string): Promise<number> {
  return page
    .locator(selector)
    .first()
    .evaluate((img: HTMLImageElement) => img.naturalWidth);
}

test(
  "a group gets an icon at creation; members see it; only owners and admins may change it",
  SMOKE,
  async ({ browser, playwright, baseURL }) => {
    test.setTimeout(90_000);
    const contexts = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
    try {
      const [ana, ben, eve] = [
        await (contexts[0] as BrowserContext).newPage(),
        await (contexts[1] as BrowserContext).newPage(),
        await (contexts[2] as BrowserContext).newPage(),
      ];
      await signUp(ana);
      const benAccount = await signUp(ben);
      await signUp(eve);

      await ana.getByRole("button", { name: "New group" }).click();
      await ana.getByRole("textbox", { name: "Group name" }).fill("Climbing club");
      await ana.getByLabel("Group icon (optional)").setInputFiles({
        name: "icon.png",
        mimeType: "image/png",
        buffer: await twoColourPng(300, 200),
      });
      await ana.getByRole("textbox", { name: "Add people" }).fill(benAccount.username);
      await ana
        .getByRole("list", { name: "People" })
        .getByRole("button", { name: new RegExp(benAccount.displayName) })
        .click();
      await ana.getByRole("button", { name: "Create group" }).click();
      await expect(ana.getByRole("heading", { name: "Climbing club" })).toBeVisible();
      const conversationId = ana.url().split("/c/")[1] as string;

      // The header and Ben's sidebar show the stored 256×256 icon.
      await expect(ana.locator('header img[src^="/api/files/avatars/"]')).toBeVisible();
      expect(await imageWidth(ana, 'header img[src^="/api/files/avatars/"]')).toBe(256);
      const row = ben
        .getByRole("list", { name: "Conversations" })
        .getByRole("link", { name: /Climbing club/ });
      await expect(row.locator('img[src^="/api/files/avatars/"]')).toBeVisible();

      // Ben is a member without the role; Eve is not in the group at all.
      const form = { icon: { name: "x.png", mimeType: "image/png", buffer: await twoColourPng() } };
      const asMember = await ben.request.put(`/api/conversations/${conversationId}/icon`, {
        multipart: form,
      });
      expect(asMember.status()).toBe(403);
      const asOutsider = await eve.request.put(`/api/conversations/${conversationId}/icon`, {
        multipart: form,
      });
      expect(asOutsider.status()).toBe(404);
      const notImage = await ana.request.put(`/api/conversations/${conversationId}/icon`, {
        multipart: {
          icon: { name: "x.svg", mimeType: "image/svg+xml", buffer: Buffer.from("<svg onload=alert(1)>") },
        },
      });
      expect(notImage.status()).toBe(400);
      const anonymous = await playwright.request.newContext({ baseURL });
      expect((await anonymous.delete(`/api/conversations/${conversationId}/icon`)).status()).toBe(401);
      await anonymous.dispose();
    } finally {
      await Promise.all(contexts.map((context) => context.close()));
    }
  },
);
