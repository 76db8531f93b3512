import { expect, type Page, test } from "@playwright/test";
import type { TestAccount } from "./helpers/accounts";
import { twoColourPng } from "./helpers/images";
import { signUpPeople } from "./helpers/people";
import { SMOKE } from "./helpers/tags";
import { openNewGroup } from "./pages/dialogs";

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
    const people = await signUpPeople(browser, 3);
    try {
      const [ana, ben, eve] = people.pages as [Page, Page, Page];
      const benAccount = people.accounts[1] as TestAccount;

      const group = await openNewGroup(ana);
      await group.name.fill("Climbing club");
      await group.icon.setInputFiles({
        name: "icon.png",
        mimeType: "image/png",
        buffer: await twoColourPng(300, 200),
      });
      await group.add(benAccount);
      await group.create();
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
      await people.close();
    }
  },
);
