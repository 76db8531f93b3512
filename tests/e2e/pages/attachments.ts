import { expect, type Locator, type Page } from "@playwright/test";
import type { TestFile } from "../helpers/files";
import { composer } from "./composer";
import { messages } from "./conversation";

// Attachments as a person handles them: attaching through "Attach files", a drop or a paste,
// the pending tray, images in messages, the Image viewer and the Files panel. Only roles and
// accessible names, so the same steps drive any Parley server.

/** Chooses `files` through the "Attach files" button and the browser's file chooser. */
export async function attachThroughChooser(page: Page, files: TestFile[]): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent("filechooser"),
    page.getByRole("button", { name: "Attach files" }).click(),
  ]);
  expect(chooser.isMultiple()).toBe(true);
  await chooser.setFiles(files.map(({ name, mimeType, buffer }) => ({ name, mimeType, buffer })));
}

/** Builds a DataTransfer holding `files` inside the page. */
async function dataTransferOf(page: Page, files: TestFile[]) {
  const serialised = files.map((file) => ({
    name: file.name,
    mimeType: file.mimeType,
    base64: file.buffer.toString("base64"),
  }));
  return page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const file of list) {
      const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], file.name, { type: file.mimeType }));
    }
    return transfer;
  }, serialised);
}

/** Drags `files` over the message list (the drop overlay shows) and drops them. */
export async function dropFiles(page: Page, files: TestFile[]): Promise<void> {
  const dataTransfer = await dataTransferOf(page, files);
  const target = messages(page);
  await target.dispatchEvent("dragenter", { dataTransfer });
  await target.dispatchEvent("dragover", { dataTransfer });
  await expect(page.getByText("Drop files to attach them")).toBeVisible();
  await target.dispatchEvent("drop", { dataTransfer });
  await expect(page.getByText("Drop files to attach them")).toHaveCount(0);
}

/** Pastes `files` into the composer, as pasting a copied image does. */
export async function pasteFiles(page: Page, files: TestFile[]): Promise<void> {
  const dataTransfer = await dataTransferOf(page, files);
  const box = composer(page);
  await box.focus();
  await box.evaluate((element, transfer) => {
    element.dispatchEvent(
      new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }),
    );
  }, dataTransfer);
}

/** The pending attachment's progress bar (named after the file). */
export function progressOf(page: Page, fileName: string): Locator {
  return page.getByRole("progressbar", { name: fileName, exact: true });
}

/** Waits until the pending file is stored: its bar is full. */
export async function expectStored(page: Page, fileName: string): Promise<void> {
  await expect(progressOf(page, fileName)).toHaveAttribute("aria-valuenow", "100", { timeout: 30_000 });
}

export function removeButton(page: Page, fileName: string): Locator {
  return page.getByRole("button", { name: `Remove ${fileName}`, exact: true });
}

export function retryButton(page: Page, fileName: string): Locator {
  return page.getByRole("button", { name: `Retry ${fileName}`, exact: true });
}

/** Presses Send (the message goes once every file is stored). */
export async function sendAttached(page: Page, caption = ""): Promise<void> {
  if (caption) await composer(page).fill(caption);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("list", { name: "Attached files" })).toHaveCount(0, { timeout: 30_000 });
}

/** The "Open {name}" button around an image in the message list. */
export function imageButton(page: Page, fileName: string): Locator {
  return messages(page).getByRole("button", { name: `Open ${fileName}`, exact: true });
}

/** The image itself (its accessible name is the file name), once it has loaded. */
export async function expectImageLoaded(page: Page, fileName: string): Promise<void> {
  const image = imageButton(page, fileName).getByRole("img", { name: fileName, exact: true });
  await expect(image).toBeVisible();
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), {
      timeout: 15_000,
    })
    .toBe(true);
}

export function downloadLink(page: Page, fileName: string): Locator {
  return page.getByRole("link", { name: `Download ${fileName}`, exact: true });
}

/** Clicks a download control and returns the saved bytes and the suggested name. */
export async function download(page: Page, control: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download"), control.click()]);
  const stream = await file.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { name: file.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

export function imageViewer(page: Page) {
  const dialog = page.getByRole("dialog", { name: "Image viewer" });
  return {
    dialog,
    /** The image shown now. */
    image: (fileName: string) => dialog.getByRole("img", { name: fileName, exact: true }),
    previous: dialog.getByRole("button", { name: "Previous image" }),
    next: dialog.getByRole("button", { name: "Next image" }),
    download: dialog.getByRole("button", { name: "Download" }),
    close: dialog.getByRole("button", { name: "Close" }),
  };
}

/** Opens the header's "Files" panel and returns its list of files. */
export async function openFilesPanel(page: Page): Promise<{ panel: Locator; items: Locator }> {
  await page.getByRole("button", { name: "Files", exact: true }).click();
  const panel = page.getByRole("dialog", { name: "Files" });
  await expect(panel).toBeVisible();
  return { panel, items: panel.getByRole("list", { name: "Shared files" }).getByRole("listitem") };
}
