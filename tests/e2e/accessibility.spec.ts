import { type Browser, expect, type Page, test } from "@playwright/test";
import { actAsNewVisitor, signUp } from "./helpers/accounts";
import { createDirectConversation, postMessage, sessionUserId } from "./helpers/api";
import { expectNoSeriousAxeViolations } from "./helpers/axe";
import { pdfFile, pngFile, sendFilesThroughApi } from "./helpers/files";
import {
  attachThroughChooser,
  expectImageLoaded,
  expectStored,
  imageButton,
  imageViewer,
  openFilesPanel,
} from "./pages/attachments";
import { messages } from "./pages/conversation";

// Every page, signed out and signed in, at desktop width and on a 375 px phone: axe-core finds
// no serious or critical violation (DESIGN.md §3.15).

async function otherPerson(browser: Browser): Promise<{ id: string; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await actAsNewVisitor(page);
  await signUp(page);
  return { id: await sessionUserId(context.request), close: () => context.close() };
}

async function checkEveryPage(page: Page, browser: Browser): Promise<void> {
  await actAsNewVisitor(page);
  for (const path of ["/sign-in", "/sign-up"]) {
    await page.goto(path);
    await expect(page.getByRole("main")).toBeVisible();
    await expectNoSeriousAxeViolations(page, `${path}, signed out`);
  }

  const account = await signUp(page);
  const ben = await otherPerson(browser);
  try {
    const opened = await page.request.post("/api/conversations", { data: { userId: ben.id } });
    expect(opened.status()).toBe(201);
    const { id } = await opened.json();
    const sent = await postMessage(page.request, id, { text: "hello, checked by axe" });
    expect(sent.status()).toBe(201);

    const signedIn = [
      "/",
      `/c/${id}`,
      "/friends",
      "/settings",
      "/settings/profile",
      "/settings/account",
      "/settings/devices",
      `/u/${account.username}`,
    ];
    for (const path of signedIn) {
      await page.goto(path);
      await expect(page.getByRole("main")).toBeVisible();
      if (path.startsWith("/c/")) {
        const log = messages(page);
        await expect(log.getByText("hello, checked by axe", { exact: true })).toBeVisible();
        // The message list scrolls by keyboard, and shows where the focus is when it has it.
        const scroller = log.getByTestId("virtuoso-scroller");
        await scroller.focus();
        expect(
          await scroller.evaluate((element) => ({
            focusVisible: element.matches(":focus-visible"),
            outline: getComputedStyle(element).outlineStyle,
          })),
        ).toEqual({ focusVisible: true, outline: "solid" });
      }
      await expectNoSeriousAxeViolations(page, `${path}, signed in`);
    }
  } finally {
    await ben.close();
  }
}

/** Attachments: images and file cards in messages, a pending upload, the Image viewer, the Files panel. */
async function checkAttachmentSurfaces(page: Page, browser: Browser): Promise<void> {
  await signUp(page);
  const ben = await otherPerson(browser);
  const conversationId = await createDirectConversation(page.request, ben.id);
  await ben.close();
  const imageName = "axe-photo.png";
  await sendFilesThroughApi(
    page.request,
    conversationId,
    [await pngFile(imageName), pdfFile("axe-notes.pdf")],
    "files, checked by axe",
  );
  await page.goto(`/c/${conversationId}`);
  await expectImageLoaded(page, imageName);
  await attachThroughChooser(page, [await pngFile("axe-pending.png")]);
  await expectStored(page, "axe-pending.png");
  await expectNoSeriousAxeViolations(page, "a conversation with attachments and a pending upload");

  await imageButton(page, imageName).click();
  const viewer = imageViewer(page);
  await expect(viewer.image(imageName)).toBeVisible();
  await expectNoSeriousAxeViolations(page, "the Image viewer");
  await viewer.close.click();
  await expect(viewer.dialog).toHaveCount(0);

  const { items } = await openFilesPanel(page);
  await expect(items).toHaveCount(2);
  await expectNoSeriousAxeViolations(page, "the Files panel");
}

test("attachments pass axe-core at desktop width: files in messages, a pending upload, the Image viewer, the Files panel", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await checkAttachmentSurfaces(page, browser);
});

test("attachments pass axe-core on a phone @mobile", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await checkAttachmentSurfaces(page, browser);
});

test("every page passes axe-core at desktop width, signed out and signed in", async ({ page, browser }) => {
  test.setTimeout(90_000);
  await checkEveryPage(page, browser);
});

test("every page passes axe-core on a phone, signed out and signed in @mobile", async ({ page, browser }) => {
  test.setTimeout(90_000);
  await checkEveryPage(page, browser);
});
