import { expect, test } from "./fixtures";
import { createDirectConversation, sessionUserId } from "./helpers/api";
import {
  attachmentsInConversation,
  htmlAsPng,
  jpegFile,
  pdfFile,
  pngFile,
  sendFilesThroughApi,
  shareImagesAndPdf,
} from "./helpers/files";
import { signedUpPerson } from "./helpers/people";
import { SMOKE } from "./helpers/tags";
import {
  attachThroughChooser,
  download,
  downloadLink,
  dropFiles,
  expectImageLoaded,
  expectStored,
  imageButton,
  openFilesPanel,
  pasteFiles,
  progressOf,
  removeButton,
  retryButton,
  sendAttached,
} from "./pages/attachments";
import { expectSent, send } from "./pages/composer";
import { article, messages } from "./pages/conversation";
import { openDirect } from "./pages/direct";

// Attachments on the local driver: attaching (chooser, drop, paste), progress, Remove and Retry,
// the limits checked in the browser, images, the Image viewer, downloads, who may read a file,
// and the Files panel.

test(
  "A shares two images and a PDF; B views them in the Image viewer and downloads the PDF; nobody else reads them",
  SMOKE,
  async ({ twoPeople, browser, playwright, baseURL }) => {
    test.setTimeout(120_000);
    const outsider = await signedUpPerson(browser);
    const anonymous = await playwright.request.newContext({ baseURL });
    try {
      await shareImagesAndPdf({
        ana: twoPeople.ana,
        ben: twoPeople.ben,
        benAccount: twoPeople.benAccount,
        outsider: outsider.request,
        anonymous,
      });
    } finally {
      await anonymous.dispose();
      await outsider.context.close();
    }
  },
);

test("images dropped on the conversation or pasted into the composer are attached; Remove takes one back", async ({
  twoPeople,
}) => {
  test.setTimeout(90_000);
  const { ana, ben, benAccount } = twoPeople;
  await openDirect(ana, ben, benAccount, "Dropping some files");
  const dropped = await pngFile("dropped.png", 200, 120, "#16a34a");
  const pasted = await pngFile("pasted.png", 120, 200, "#9333ea");
  const unwanted = pdfFile("unwanted.pdf");

  await dropFiles(ana, [dropped]);
  await expectStored(ana, dropped.name);
  await pasteFiles(ana, [pasted]);
  await expectStored(ana, pasted.name);
  // The paste attached the image and put nothing into the text.
  await expect(ana.getByRole("textbox", { name: "Message" })).toHaveText("");
  await attachThroughChooser(ana, [unwanted]);
  await expectStored(ana, unwanted.name);
  await removeButton(ana, unwanted.name).click();
  await expect(progressOf(ana, unwanted.name)).toHaveCount(0);

  // Files alone, no caption.
  await sendAttached(ana);
  await expectImageLoaded(ben, dropped.name);
  await expectImageLoaded(ben, pasted.name);
  await expect(downloadLink(ben, unwanted.name)).toHaveCount(0);
});

test("Remove cancels an upload still in flight", async ({ twoPeople }) => {
  test.setTimeout(90_000);
  const { ana, ben, benAccount } = twoPeople;
  await openDirect(ana, ben, benAccount, "Cancelling an upload");
  const conversationId = new URL(ana.url()).pathname.split("/c/")[1] as string;
  // Hold the upload at the edge of the network until it is cancelled.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await ana.route("**/attachments?name=*", async (route) => {
    await held;
    await route.abort().catch(() => {});
  });
  const big = await jpegFile("slow.jpg", 800, 600);
  await attachThroughChooser(ana, [big]);
  await expect(progressOf(ana, big.name)).toBeVisible();
  await expect(progressOf(ana, big.name)).not.toHaveAttribute("aria-valuenow", "100");
  await removeButton(ana, big.name).click();
  await expect(progressOf(ana, big.name)).toHaveCount(0);
  release();
  await ana.unroute("**/attachments?name=*");

  await send(ana, "Never mind the photo");
  await expect(article(ben, "Never mind the photo")).toBeVisible();
  expect(await attachmentsInConversation(ben.request, conversationId)).toEqual([]);
});

test("a refused file shows the server's reason; a failed upload is retried and sent", async ({
  twoPeople,
}) => {
  test.setTimeout(90_000);
  const { ana, ben, benAccount } = twoPeople;
  await openDirect(ana, ben, benAccount, "Retrying an upload");

  // HTML named .png: the server refuses it, and says why.
  const fake = htmlAsPng("innocent.png");
  await attachThroughChooser(ana, [fake]);
  const tray = ana.getByRole("list", { name: "Attached files" });
  await expect(tray.getByRole("alert")).toHaveText(/\S/);
  await expect(retryButton(ana, fake.name)).toBeVisible();
  await expect(ana.getByRole("button", { name: "Send" })).toBeDisabled();
  await removeButton(ana, fake.name).click();

  // The first attempt fails on the way; Retry sends it again and it is stored.
  let failures = 0;
  await ana.route("**/attachments?name=*", async (route) => {
    if (failures++ === 0) {
      await route.fulfill({
        status: 503,
        json: { error: { code: "unavailable", message: "The server is busy. Try again." } },
      });
    } else {
      await route.continue();
    }
  });
  const photo = await pngFile("second-try.png");
  await attachThroughChooser(ana, [photo]);
  await expect(tray.getByRole("alert")).toHaveText("The server is busy. Try again.");
  await retryButton(ana, photo.name).click();
  await expectStored(ana, photo.name);
  await sendAttached(ana, "Second time lucky");
  await expectImageLoaded(ben, photo.name);
  await expect(
    article(ben, "Second time lucky").getByRole("button", { name: `Open ${photo.name}` }),
  ).toBeVisible();
});

test("more files than a message may carry are refused in the browser with a clear message", async ({
  twoPeople,
}) => {
  test.setTimeout(90_000);
  const { ana, ben, benAccount } = twoPeople;
  await openDirect(ana, ben, benAccount, "Too many files");
  const files = await Promise.all(Array.from({ length: 11 }, (_, i) => pngFile(`many-${i + 1}.png`, 40, 40)));
  await attachThroughChooser(ana, files);
  await expect(ana.getByText("A message can carry at most 10 files.")).toBeVisible();
  await expect(ana.getByRole("progressbar")).toHaveCount(10);
  await expect(progressOf(ana, "many-11.png")).toHaveCount(0);
});

test("a message sent while its files upload goes once they are stored, exactly once", async ({
  twoPeople,
}) => {
  test.setTimeout(90_000);
  const { ana, ben, benAccount } = twoPeople;
  await openDirect(ana, ben, benAccount, "Sending early");
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await ana.route("**/attachments?name=*", async (route) => {
    await held;
    await route.continue();
  });
  const photo = await pngFile("early.png");
  await attachThroughChooser(ana, [photo]);
  await ana.getByRole("textbox", { name: "Message" }).fill("Sent before the upload ended");
  await ana.getByRole("button", { name: "Send" }).click();
  await expect(ana.getByText("Sending once the files are uploaded…")).toBeVisible();
  release();
  await expectSent(ana, "Sent before the upload ended");
  await expect(article(ben, "Sent before the upload ended")).toHaveCount(1);
  await expect(imageButton(ben, photo.name)).toBeVisible();
});

test("the Files panel lists the conversation's files newest first, each downloadable", async ({
  twoPeople,
}) => {
  test.setTimeout(90_000);
  const { ana, ben } = twoPeople;
  const benId = await sessionUserId(ben.request);
  const conversationId = await createDirectConversation(ana.request, benId);

  await ben.goto(`/c/${conversationId}`);
  const empty = await openFilesPanel(ben);
  await expect(empty.panel.getByText("No files shared yet.")).toBeVisible();
  await ben.keyboard.press("Escape");
  await expect(empty.panel).toHaveCount(0);
  await expect(ben.getByRole("button", { name: "Files", exact: true })).toBeFocused();

  const older = pdfFile("minutes.pdf");
  const newer = await pngFile("whiteboard.png");
  await sendFilesThroughApi(ana.request, conversationId, [older], "The minutes");
  await sendFilesThroughApi(ana.request, conversationId, [newer]);
  await ben.reload();
  await expect(messages(ben).getByText("The minutes")).toBeVisible();

  const { panel, items } = await openFilesPanel(ben);
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText(newer.name);
  await expect(items.nth(1)).toContainText(older.name);
  await expect(items.nth(1)).toContainText(twoPeople.anaAccount.displayName);
  const saved = await download(ben, panel.getByRole("link", { name: `Download ${older.name}` }));
  expect(saved.bytes.equals(older.buffer)).toBe(true);
});
