import { randomBytes, randomUUID } from "node:crypto";
import { type APIRequestContext, expect, type Page } from "@playwright/test";
import sharp from "sharp";
import {
  attachThroughChooser,
  download,
  downloadLink,
  expectImageLoaded,
  expectStored,
  imageButton,
  imageViewer,
  progressOf,
  sendAttached,
} from "../pages/attachments";
import { openDirect } from "../pages/direct";
import type { TestAccount } from "./accounts";

// Files for the attachment specs, made fresh in each test, and the API side of attachments:
// uploading as the composer does, and reading back every URL a message hands out. Everything
// takes the request context it acts through, so the same steps run against any Parley server.

export interface TestFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** A PNG of two colours side by side, with a few random pixels so no two are the same file. */
export async function pngFile(
  name: string,
  width = 240,
  height = 160,
  colour = "#2563eb",
): Promise<TestFile> {
  const noise = await sharp(randomBytes(8 * 8 * 3), { raw: { width: 8, height: 8, channels: 3 } })
    .png()
    .toBuffer();
  const buffer = await sharp({ create: { width, height, channels: 3, background: colour } })
    .composite([{ input: noise, left: 0, top: 0 }])
    .png()
    .toBuffer();
  return { name, mimeType: "image/png", buffer };
}

/** A JPEG photo-like image (a gradient with noise). */
export async function jpegFile(name: string, width = 320, height = 200): Promise<TestFile> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = Math.round((x / width) * 255);
      pixels[i + 1] = Math.round((y / height) * 255);
      pixels[i + 2] = (x * y) % 256;
    }
  }
  const buffer = await sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
  return { name, mimeType: "image/jpeg", buffer };
}

/** A small, valid one-page PDF (cross-reference offsets computed), saying `text`. */
export function pdfFile(name: string, text = `Parley ${randomBytes(4).toString("hex")}`): TestFile {
  const stream = `BT /F1 18 Tf 40 100 Td (${text.replace(/[()\\]/g, "")}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return { name, mimeType: "application/pdf", buffer: Buffer.from(body, "latin1") };
}

/** HTML dressed up as a PNG: the server must refuse it. */
export function htmlAsPng(name = "not-really.png"): TestFile {
  return {
    name,
    mimeType: "image/png",
    buffer: Buffer.from("<!doctype html><html><body><script>alert(1)</script></body></html>"),
  };
}

export interface AttachmentUrls {
  id: string;
  name: string;
  url: string;
  downloadUrl: string;
  thumbnailUrl: string | null;
}

/** Uploads a file as the composer does (raw body); returns the server's answer as is. */
export function uploadThroughApi(request: APIRequestContext, conversationId: string, file: TestFile) {
  return request.post(
    `/api/conversations/${conversationId}/attachments?name=${encodeURIComponent(file.name)}`,
    {
      data: file.buffer,
      headers: { "content-type": file.mimeType },
    },
  );
}

/** Uploads files and sends them in one message with `text`; returns the stored attachments. */
export async function sendFilesThroughApi(
  request: APIRequestContext,
  conversationId: string,
  files: TestFile[],
  text = "",
): Promise<AttachmentUrls[]> {
  const attachmentIds: string[] = [];
  for (const file of files) {
    const response = await uploadThroughApi(request, conversationId, file);
    expect(response.status(), await response.text()).toBe(201);
    attachmentIds.push((await response.json()).attachment.id);
  }
  const body = text
    ? { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] }
    : { type: "doc", content: [] };
  const sent = await request.post(`/api/conversations/${conversationId}/messages`, {
    data: { body, clientNonce: randomUUID(), attachmentIds },
  });
  expect(sent.status(), await sent.text()).toBe(201);
  return (await sent.json()).attachments as AttachmentUrls[];
}

/** The attachments of the newest messages of a conversation, as `request`'s person reads them. */
export async function attachmentsInConversation(
  request: APIRequestContext,
  conversationId: string,
): Promise<AttachmentUrls[]> {
  const response = await request.get(`/api/conversations/${conversationId}/messages?limit=50`);
  expect(response.ok()).toBe(true);
  const { messages } = (await response.json()) as { messages: { attachments?: AttachmentUrls[] }[] };
  return messages.flatMap((message) => message.attachments ?? []);
}

/** Every URL an attachment hands out: the file, its download, and its thumbnail when it has one. */
export function everyUrlOf(attachments: AttachmentUrls[]): string[] {
  return attachments.flatMap((a) => [a.url, a.downloadUrl, ...(a.thumbnailUrl ? [a.thumbnailUrl] : [])]);
}

/**
 * Requests each URL through `request` (without following redirects: a remote driver answers a
 * member with a redirect to a signed URL) and returns the statuses, to compare with what is expected.
 */
export async function statusesOf(
  request: APIRequestContext,
  urls: string[],
): Promise<Record<string, number>> {
  const statuses: Record<string, number> = {};
  for (const url of urls) statuses[url] = (await request.get(url, { maxRedirects: 0 })).status();
  return statuses;
}

/**
 * The main path, for any Parley server: Ana attaches two images and a PDF through "Attach
 * files" and sees their progress; Ben sees the thumbnails, moves through them in the Image viewer
 * by button and by arrow key, closes it with Escape, and downloads the PDF with the same bytes;
 * someone signed in who is not a member gets 404 on every file URL, and a signed-out request
 * 401 or 404. `ana` and `ben` are signed up and not yet talking; `outsider` is a third person's
 * request context and `anonymous` one without a session, both on the same server.
 */
export async function shareImagesAndPdf({
  ana,
  ben,
  benAccount,
  outsider,
  anonymous,
}: {
  ana: Page;
  ben: Page;
  benAccount: TestAccount;
  outsider: APIRequestContext;
  anonymous: APIRequestContext;
}): Promise<void> {
  const harbour = await pngFile("harbour.png", 240, 160);
  const sunset = await jpegFile("sunset.jpg", 320, 200);
  const plan = pdfFile("trip plan.pdf");
  await openDirect(ana, ben, benAccount, "Pictures from the weekend coming");
  const conversationId = new URL(ana.url()).pathname.split("/c/")[1] as string;

  await attachThroughChooser(ana, [harbour, sunset, plan]);
  for (const file of [harbour, sunset, plan]) await expect(progressOf(ana, file.name)).toBeVisible();
  for (const file of [harbour, sunset, plan]) await expectStored(ana, file.name);
  await sendAttached(ana, "From the weekend");
  await expectImageLoaded(ana, harbour.name);

  // Ben: thumbnails in boxes of the stored proportions, a card for the PDF with its size.
  await expectImageLoaded(ben, harbour.name);
  await expectImageLoaded(ben, sunset.name);
  const box = await imageButton(ben, sunset.name).boundingBox();
  expect(box && Math.abs(box.width / box.height - 320 / 200)).toBeLessThan(0.05);
  const card = downloadLink(ben, plan.name).locator("..");
  await expect(card).toContainText(plan.name);
  await expect(card).toContainText(/\d+(\.\d)? (bytes|KB)/);

  // The viewer: next by button, back and forth by arrow key, Escape closes, focus comes back. A
  // message shows its images in upload order, which uploads running side by side settle: take the
  // order on screen (reading order of the two thumbnails).
  const [h, s] = await Promise.all(
    [harbour, sunset].map((file) => imageButton(ben, file.name).boundingBox()),
  );
  if (!h || !s) throw new Error("both thumbnails are on screen");
  const harbourFirst = h.y + 1 < s.y || (Math.abs(h.y - s.y) <= 1 && h.x < s.x);
  const [first, second] = harbourFirst ? [harbour, sunset] : [sunset, harbour];
  await imageButton(ben, first.name).click();
  const viewer = imageViewer(ben);
  await expect(viewer.dialog).toBeVisible();
  await expect(viewer.image(first.name)).toBeVisible();
  await viewer.next.click();
  await expect(viewer.image(second.name)).toBeVisible();
  await ben.keyboard.press("ArrowLeft");
  await expect(viewer.image(first.name)).toBeVisible();
  await ben.keyboard.press("ArrowRight");
  await expect(viewer.image(second.name)).toBeVisible();
  const saved = await download(ben, viewer.download);
  expect(saved.name).toBe(second.name);
  await ben.keyboard.press("Escape");
  await expect(viewer.dialog).toHaveCount(0);
  await expect(imageButton(ben, first.name)).toBeFocused();

  // The PDF comes back byte for byte.
  const pdf = await download(ben, downloadLink(ben, plan.name));
  expect(pdf.name).toBe(plan.name);
  expect(pdf.bytes.equals(plan.buffer)).toBe(true);

  // Every URL of the message: the members may read it, nobody else.
  const attachments = await attachmentsInConversation(ben.request, conversationId);
  expect(attachments.map((a) => a.name).sort()).toEqual([harbour.name, plan.name, sunset.name].sort());
  const urls = everyUrlOf(attachments);
  expect(urls.length).toBe(8);
  for (const [url, status] of Object.entries(await statusesOf(ben.request, urls))) {
    expect([200, 302, 303, 307], url).toContain(status);
  }
  for (const [url, status] of Object.entries(await statusesOf(outsider, urls))) expect(status, url).toBe(404);
  for (const [url, status] of Object.entries(await statusesOf(anonymous, urls))) {
    expect([401, 404], url).toContain(status);
  }
}
