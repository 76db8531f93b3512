import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  GET as getAttachments,
  POST as postAttachment,
} from "@/app/api/conversations/[id]/attachments/route";
import { DELETE as deleteMessageRoute } from "@/app/api/conversations/[id]/messages/[messageId]/route";
import { GET as getMessages, POST as postMessage } from "@/app/api/conversations/[id]/messages/route";
import { GET as getFile } from "@/app/api/files/[id]/route";
import { GET as getThumbnail } from "@/app/api/files/[id]/thumbnail/route";
import { deleteAccount } from "@/lib/accounts/delete-account";
import type { AccountSummary } from "@/lib/accounts/types";
import { createGroup } from "@/lib/chat/conversations/conversations";
import { listConversationsForUser } from "@/lib/chat/conversations/sidebar";
import type { AttachmentDto, MessageDto } from "@/lib/chat/dto";
import { editMessage } from "@/lib/chat/messages/edit-message";
import { createPerson, nonce } from "@/lib/chat/testing/fixtures";
import { getDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { deleteOrphanedAttachments, deleteOrphansIfDue, resetOrphanSweepForTests } from "@/lib/files/cleanup";
import { conversationChannel } from "@/lib/realtime/channels";
import { createTestDatabase, type TestDatabase } from "@/tests/integration/db";
import { startTestRealtime, subscribe, type TestRealtime } from "@/tests/support/chat-realtime";
import {
  animatedGifBytes,
  HTML_PAGE,
  PDF_BYTES,
  pngBombBytes,
  pngBytes,
  polyglotPngBytes,
  rotatedJpegBytes,
  SVG_IMAGE,
} from "@/tests/support/file-fixtures";
import { databaseStore, testAuthLimiters } from "@/tests/support/rate-limit-stores";
import { callRoute, TEST_AUTH_SECRET } from "@/tests/support/routes";

// Attachments through the real route handlers, the real session check, the real database and the
// local driver on a temporary DATA_DIR. Every refusal also checks that nothing was left behind:
// no file (whole or partial) under uploads/, no row.

vi.mock("next/headers", async () => {
  const routes = await import("@/tests/support/routes");
  return { headers: async () => routes.requestHeaders() };
});

const MAX_FILE_BYTES = 64 * 1024;
const QUOTA_BYTES = 256 * 1024;

let database: TestDatabase;
let realtime: TestRealtime;
let dataDir: string;
let ana: AccountSummary;
let ben: AccountSummary;
let eve: AccountSummary;
let groupId: string;
let eveGroupId: string;
let anaOwnGroupId: string;
let png: Uint8Array;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "parley-attachments-"));
  Object.assign(process.env, {
    DATA_DIR: dataDir,
    AUTH_SECRET: TEST_AUTH_SECRET,
    UPLOAD_MAX_FILE_BYTES: String(MAX_FILE_BYTES),
    UPLOAD_QUOTA_BYTES_PER_USER: String(QUOTA_BYTES),
    UPLOAD_MAX_FILES_PER_MESSAGE: "10",
    RATE_LIMIT_SCALE: "100",
  });
  resetEnvCache();
  database = await createTestDatabase();
  realtime = await startTestRealtime();
  [ana, ben, eve] = [await createPerson("Ana"), await createPerson("Ben"), await createPerson("Eve")];
  groupId = (await createGroup({ actor: ana, name: "Team", memberIds: [ben.id] })).id;
  eveGroupId = (await createGroup({ actor: eve, name: "Eve's", memberIds: [] })).id;
  anaOwnGroupId = (await createGroup({ actor: ana, name: "Notes to self", memberIds: [] })).id;
  png = await pngBytes();
});

afterAll(async () => {
  await realtime?.close();
  await database?.drop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

// — helpers —

async function upload(
  as: AccountSummary | undefined,
  name: string,
  bytes: Uint8Array,
  {
    conversationId = groupId,
    headers = {},
  }: { conversationId?: string; headers?: Record<string, string> } = {},
) {
  return callRoute(postAttachment, {
    method: "POST",
    path: `/api/conversations/${conversationId}/attachments?name=${encodeURIComponent(name)}`,
    params: { id: conversationId },
    as,
    body: bytes as BodyInit,
    headers: { "content-type": "application/octet-stream", ...headers },
  });
}

async function uploaded(as: AccountSummary, name: string, bytes: Uint8Array, conversationId = groupId) {
  const response = await upload(as, name, bytes, { conversationId });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { attachment: AttachmentDto }).attachment;
}

async function send(as: AccountSummary, payload: Record<string, unknown>, conversationId = groupId) {
  return callRoute(postMessage, {
    method: "POST",
    path: `/api/conversations/${conversationId}/messages`,
    params: { id: conversationId },
    as,
    body: JSON.stringify({ clientNonce: nonce(), ...payload }),
    headers: { "content-type": "application/json" },
  });
}

async function download(as: AccountSummary | undefined, id: string, { query = "", headers = {} } = {}) {
  return callRoute(getFile, { path: `/api/files/${id}${query}`, params: { id }, as, headers });
}

async function storedFiles(): Promise<string[]> {
  const root = path.join(dataDir, "uploads");
  const entries = await fs.readdir(root, { recursive: true }).catch(() => [] as string[]);
  const files: string[] = [];
  for (const entry of entries) if ((await fs.stat(path.join(root, entry))).isFile()) files.push(entry);
  return files.sort();
}

const attachmentRows = () => getDb().attachment.count();

/** Runs `refused`, which must answer `status` with `code`, and leave no file and no row behind. */
async function expectRefusal(refused: () => Promise<Response>, status: number, code: string) {
  const [filesBefore, rowsBefore] = [await storedFiles(), await attachmentRows()];
  const response = await refused();
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(response.status, JSON.stringify(body)).toBe(status);
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(5);
  expect(response.headers.get("content-type")).not.toMatch(/html/);
  expect(await storedFiles()).toEqual(filesBefore);
  expect(await attachmentRows()).toBe(rowsBefore);
  return body.error;
}

// — tests —

describe("upload, send, read back", () => {
  it("stores an image, sends it without text, and serves the same bytes to a member", async () => {
    const attachment = await uploaded(ana, "photo.png", png);
    expect(attachment).toMatchObject({
      name: "photo.png",
      mimeType: "image/png",
      size: png.byteLength,
      kind: "image",
      width: 40,
      height: 30,
      url: `/api/files/${attachment.id}`,
      thumbnailUrl: `/api/files/${attachment.id}/thumbnail`,
      downloadUrl: `/api/files/${attachment.id}?download=1`,
    });
    expect(attachment.thumbhash).toMatch(/^[A-Za-z0-9+/=]{10,}$/);

    const sent = await send(ana, { attachmentIds: [attachment.id] });
    expect(sent.status).toBe(201);
    const message = (await sent.json()) as MessageDto;
    expect(message.attachments).toEqual([attachment]);
    expect(message.plainText).toBe("📎 photo.png");

    const history = await callRoute(getMessages, {
      path: `/api/conversations/${groupId}/messages`,
      params: { id: groupId },
      as: ben,
    });
    const page = (await history.json()) as { messages: MessageDto[] };
    expect(page.messages.find((m) => m.id === message.id)?.attachments).toEqual([attachment]);

    const file = await download(ben, attachment.id);
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(png);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(file.headers.get("content-disposition")).toMatch(/^inline; filename="photo.png"/);
    expect(file.headers.get("cache-control")).toMatch(/^private/);
    expect(file.headers.get("content-length")).toBe(String(png.byteLength));

    const saved = await download(ben, attachment.id, { query: "?download=1" });
    expect(saved.headers.get("content-disposition")).toMatch(/^attachment; filename="photo.png"/);
    expect(new Uint8Array(await saved.arrayBuffer())).toEqual(png);
  });

  it("answers byte ranges with 206, and a range past the end with 416", async () => {
    const attachment = await uploaded(ana, "range.png", png);
    await send(ana, { attachmentIds: [attachment.id], body: { text: "ranges" } });
    const part = await download(ben, attachment.id, { headers: { range: "bytes=4-13" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 4-13/${png.byteLength}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(png.subarray(4, 14));
    const tail = await download(ben, attachment.id, { headers: { range: "bytes=-5" } });
    expect(tail.status).toBe(206);
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(png.subarray(png.byteLength - 5));
    const open = await download(ben, attachment.id, { headers: { range: `bytes=${png.byteLength - 3}-` } });
    expect(new Uint8Array(await open.arrayBuffer())).toEqual(png.subarray(png.byteLength - 3));
    const beyond = await download(ben, attachment.id, { headers: { range: `bytes=${png.byteLength}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${png.byteLength}`);
  });

  it("turns a JPEG upright from its EXIF orientation and strips EXIF from the thumbnail", async () => {
    const jpeg = await rotatedJpegBytes();
    const attachment = await uploaded(ana, "portrait.jpg", jpeg);
    expect(attachment).toMatchObject({ mimeType: "image/jpeg", width: 20, height: 40 });
    const thumbnail = await callRoute(getThumbnail, {
      path: `/api/files/${attachment.id}/thumbnail`,
      params: { id: attachment.id },
      as: ana,
    });
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get("content-type")).toBe("image/webp");
    const bytes = Buffer.from(await thumbnail.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect([meta.width, meta.height]).toEqual([20, 40]);
    expect(meta.exif).toBeUndefined();
    expect(bytes.includes("secret-exif-marker")).toBe(false);
  });

  it("keeps an animated GIF animated and gives it a still thumbnail", async () => {
    const gif = await animatedGifBytes();
    const attachment = await uploaded(ana, "party.gif", gif);
    expect(attachment).toMatchObject({ kind: "image", mimeType: "image/gif", width: 12, height: 10 });
    const original = Buffer.from(await (await download(ana, attachment.id)).arrayBuffer());
    expect(original).toEqual(Buffer.from(gif));
    expect((await sharp(original, { animated: true }).metadata()).pages).toBe(2);
    const thumbnail = await callRoute(getThumbnail, {
      path: `/api/files/${attachment.id}/thumbnail`,
      params: { id: attachment.id },
      as: ana,
    });
    const meta = await sharp(Buffer.from(await thumbnail.arrayBuffer()), { animated: true }).metadata();
    expect(meta.pages ?? 1).toBe(1);
  });

  it("serves a PDF and a text file as downloads, never inline", async () => {
    const pdf = await uploaded(ana, "report.pdf", PDF_BYTES);
    expect(pdf).toMatchObject({ kind: "file", mimeType: "application/pdf", thumbnailUrl: null, width: null });
    const pdfFile = await download(ana, pdf.id);
    expect(pdfFile.headers.get("content-disposition")).toMatch(/^attachment; filename="report.pdf"/);
    expect(pdfFile.headers.get("content-type")).toBe("application/pdf");

    const notes = await uploaded(ana, "notes.txt", new TextEncoder().encode("Plain notes, nothing more.\n"));
    expect(notes).toMatchObject({ kind: "file", mimeType: "text/plain" });
    const text = await download(ana, notes.id);
    expect(text.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(text.headers.get("content-type")).toBe("text/plain");
    expect(text.headers.get("content-security-policy")).toContain("sandbox");
  });
});

describe("bad uploads are refused and leave nothing behind", () => {
  it("refuses a file over the size limit, declared or streamed without a length", async () => {
    const big = new Uint8Array(MAX_FILE_BYTES + 1);
    big.set(png);
    const declared = await expectRefusal(() => upload(ana, "big.png", big), 413, "too_large:file");
    expect(declared.message).toBe("That file is too large (at most 64 KB).");
    // A chunked body without Content-Length is cut off at the limit while streaming.
    const stream = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 10; i += 1) controller.enqueue(new Uint8Array(16 * 1024));
          controller.close();
        },
      });
    await expectRefusal(
      () =>
        callRoute(postAttachment, {
          method: "POST",
          path: `/api/conversations/${groupId}/attachments?name=big.bin`,
          params: { id: groupId },
          as: ana,
          body: stream(),
        }),
      413,
      "too_large:file",
    );
  });

  it("refuses an empty file", async () => {
    const error = await expectRefusal(() => upload(ana, "empty.png", new Uint8Array(0)), 400, "invalid:file");
    expect(error.message).toBe("empty.png is empty.");
  });

  it("refuses HTML, script, SVG and XML whatever they are called, and polyglots", async () => {
    const script = new TextEncoder().encode("alert(document.cookie);\n");
    const cases: [string, Uint8Array][] = [
      ["cat.png", HTML_PAGE],
      ["cat.jpg", script],
      ["page.html", HTML_PAGE],
      ["notes.txt", HTML_PAGE],
      ["page", HTML_PAGE],
      ["logo.svg", SVG_IMAGE],
      ["logo.png", SVG_IMAGE],
      ["feed.xml", new TextEncoder().encode('<?xml version="1.0"?><feed/>')],
      ["app.js", script],
      ["polyglot.png", await polyglotPngBytes()],
      ["photo.gif", png],
      ["report.pdf", png],
    ];
    for (const [name, bytes] of cases) {
      const error = await expectRefusal(() => upload(ana, name, bytes), 415, "unsupported:file_type");
      expect(error.message, name).toMatch(/cannot be shared|does not match/);
    }
  });

  it("refuses an image bomb by its header, without decoding it", async () => {
    const bomb = pngBombBytes(50_000, 50_000);
    expect(bomb.byteLength).toBeLessThan(MAX_FILE_BYTES);
    const error = await expectRefusal(() => upload(ana, "bomb.png", bomb), 413, "too_large:image");
    expect(error.message).toBe("That image has too many pixels (at most 40 megapixels).");
  });

  it("keeps only the last part of a name with a path, and strips control characters", async () => {
    const traversal = await uploaded(ana, "../../../etc/passwd.png", png);
    expect(traversal.name).toBe("passwd.png");
    const windows = await uploaded(ana, "..\\..\\boot.ini.png", png);
    expect(windows.name).toBe("boot.ini.png");
    const controls = await uploaded(ana, "in\u0000voice\u202egnp.\u0007png", png);
    expect(controls.name).toBe("invoicegnp.png");
    const long = await uploaded(ana, `${"a".repeat(500)}.png`, png);
    expect(long.name).toHaveLength(200);
    expect(long.name.endsWith(".png")).toBe(true);
    // Stored under generated keys only: no user-supplied name ever reaches the disk.
    for (const file of await storedFiles())
      expect(file).toMatch(/^(attachments|thumbnails)\/[A-Za-z0-9_-]{24}\.(bin|webp)(\.content-type)?$/);
    await expectRefusal(() => upload(ana, "../..", png), 400, "invalid:file");
    await expectRefusal(() => upload(ana, "\u0000\u0001", png), 400, "invalid:file");
    await expectRefusal(
      () =>
        callRoute(postAttachment, {
          method: "POST",
          path: `/api/conversations/${groupId}/attachments`,
          params: { id: groupId },
          as: ana,
          body: png as BodyInit,
        }),
      400,
      "invalid:file",
    );
  });

  it("refuses an upload to a conversation the uploader is not in, or signed out", async () => {
    await expectRefusal(
      () => upload(ana, "x.png", png, { conversationId: eveGroupId }),
      404,
      "not_found:conversation",
    );
    await expectRefusal(() => upload(undefined, "x.png", png), 401, "unauthorized");
  });

  it("refuses an upload from another site", async () => {
    await expectRefusal(
      () => upload(ana, "x.png", png, { headers: { "sec-fetch-site": "cross-site" } }),
      403,
      "forbidden:origin",
    );
  });

  it("refuses uploads past the person's quota with a clear message", async () => {
    const hoarder = await createPerson("Hoarder");
    const room = (await createGroup({ actor: hoarder, name: "Hoard", memberIds: [] })).id;
    const data = new Uint8Array(60 * 1024).map((_, j) => (j * 7 + 3) % 251);
    for (let i = 0; i < 4; i += 1) await uploaded(hoarder, `part-${i}.bin`, data, room);
    const error = await expectRefusal(
      () => upload(hoarder, "more.bin", data, { conversationId: room }),
      413,
      "too_large:quota",
    );
    expect(error.message).toBe(
      "You have used 240 KB of your 256 KB of file storage. Delete some messages with files to make room.",
    );
  });
});

describe("reading files is for members only", () => {
  it("answers 404 to a non-member and a guessed id, 401 signed out, and never serves HTML", async () => {
    const attachment = await uploaded(ana, "private.png", png);
    await send(ana, { attachmentIds: [attachment.id] });
    for (const id of [attachment.id, "cm0000000000000000000000", "../../etc/passwd", "%00"]) {
      const response = await download(eve, id);
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toBe("application/json");
    }
    expect((await download(undefined, attachment.id)).status).toBe(401);
    const thumbnail = await callRoute(getThumbnail, {
      path: `/api/files/${attachment.id}/thumbnail`,
      params: { id: attachment.id },
      as: eve,
    });
    expect(thumbnail.status).toBe(404);
  });

  it("shows an unsent upload to its uploader only", async () => {
    const attachment = await uploaded(ana, "draft.png", png);
    expect((await download(ana, attachment.id)).status).toBe(200);
    expect((await download(ben, attachment.id)).status).toBe(404);
  });
});

describe("sending with attachments", () => {
  it("refuses more than 10 files in one message", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 11; i += 1) ids.push((await uploaded(ana, `f${i}.png`, png)).id);
    const response = await send(ana, { attachmentIds: ids });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: "invalid:attachments",
      message: "A message can carry at most 10 files.",
    });
    expect(await getDb().attachment.count({ where: { id: { in: ids }, messageId: { not: null } } })).toBe(0);
  });

  it("refuses someone else's upload, one from another conversation, and one already sent", async () => {
    const bens = await uploaded(ben, "bens.png", png);
    const elsewhere = await uploaded(ana, "elsewhere.png", png, anaOwnGroupId);
    const eves = await uploaded(eve, "eves.png", png, eveGroupId);
    const mine = await uploaded(ana, "mine.png", png);
    const before = await getDb().message.count();
    for (const [as, ids] of [
      [ana, [bens.id]],
      [ana, [mine.id, bens.id]],
      [ana, [elsewhere.id]],
      [ana, [eves.id]],
      [ana, ["cm0000000000000000000000"]],
    ] as const) {
      const response = await send(as, { attachmentIds: ids, body: { text: "take this" } });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("invalid:attachments");
    }
    expect(await getDb().message.count()).toBe(before);
    expect((await getDb().attachment.findUniqueOrThrow({ where: { id: mine.id } })).messageId).toBeNull();
    expect((await send(ana, { attachmentIds: [mine.id] })).status).toBe(201);
    expect((await send(ana, { attachmentIds: [mine.id] })).status).toBe(400);
  });

  it("claims through the transactional path too (a body with a mention), idempotent on the nonce", async () => {
    const first = await uploaded(ana, "one.png", png);
    const second = await uploaded(ana, "two.pdf", PDF_BYTES);
    const clientNonce = nonce();
    const payload = {
      clientNonce,
      attachmentIds: [first.id, second.id],
      body: { text: `@${ben.username} look` },
    };
    const sent = (await (await send(ana, payload)).json()) as MessageDto;
    expect(sent.attachments.map((a) => a.id)).toEqual([first.id, second.id]);
    const retried = await send(ana, payload);
    expect(retried.status).toBe(201);
    expect(((await retried.json()) as MessageDto).id).toBe(sent.id);
  });

  it("lets only one of two concurrent sends claim the same upload, on either path", async () => {
    for (const body of [{ text: "race" }, { text: `@${ben.username} race` }]) {
      const contested = await uploaded(ana, "contested.png", png);
      const before = await getDb().message.count();
      const results = await Promise.all([
        send(ana, { attachmentIds: [contested.id], body }),
        send(ana, { attachmentIds: [contested.id], body }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 400]);
      expect(await getDb().message.count()).toBe(before + 1);
    }
  });

  it("still refuses an empty message without files", async () => {
    const response = await send(ana, { body: { text: "  " } });
    expect(response.status).toBe(400);
  });
});

describe("the Files panel", () => {
  it("lists a conversation's sent files newest first, page by page, to members only", async () => {
    const room = (await createGroup({ actor: ana, name: "Panel", memberIds: [ben.id] })).id;
    const names = ["a.png", "b.pdf", "c.png"];
    for (const name of names) {
      const attachment = await uploaded(ana, name, name.endsWith(".pdf") ? PDF_BYTES : png, room);
      await send(ana, { attachmentIds: [attachment.id] }, room);
    }
    await uploaded(ana, "unsent.png", png, room);
    const list = (query: string, as: AccountSummary = ben) =>
      callRoute(getAttachments, {
        path: `/api/conversations/${room}/attachments${query}`,
        params: { id: room },
        as,
      });
    const first = (await (await list("?limit=2")).json()) as {
      attachments: (AttachmentDto & { messageId: string; uploader: { id: string } | null })[];
      nextCursor: string | null;
    };
    expect(first.attachments.map((a) => a.name)).toEqual(["c.png", "b.pdf"]);
    expect(first.attachments[0]?.uploader?.id).toBe(ana.id);
    expect(first.attachments[0]?.messageId).toBeTruthy();
    const second = (await (await list(`?limit=2&before=${first.nextCursor}`)).json()) as typeof first;
    expect(second.attachments.map((a) => a.name)).toEqual(["a.png"]);
    expect(second.nextCursor).toBeNull();
    expect((await list("", eve)).status).toBe(404);
    expect((await list("?limit=0")).status).toBe(400);
  });
});

describe("deleting", () => {
  it("deletes a message's files and rows with the message", async () => {
    const attachment = await uploaded(ana, "gone.png", png);
    const message = (await (await send(ana, { attachmentIds: [attachment.id] })).json()) as MessageDto;
    const row = await getDb().attachment.findUniqueOrThrow({ where: { id: attachment.id } });
    const files = [row.storageKey, row.thumbnailKey as string];
    for (const key of files) await expect(fs.stat(path.join(dataDir, "uploads", key))).resolves.toBeTruthy();

    const deleted = await callRoute(deleteMessageRoute, {
      method: "DELETE",
      path: `/api/conversations/${groupId}/messages/${message.id}`,
      params: { id: groupId, messageId: message.id },
      as: ana,
    });
    expect(deleted.status).toBe(200);
    expect(((await deleted.json()) as MessageDto).attachments).toEqual([]);
    expect(await getDb().attachment.count({ where: { id: attachment.id } })).toBe(0);
    for (const key of files) await expect(fs.stat(path.join(dataDir, "uploads", key))).rejects.toThrow();
    expect((await download(ana, attachment.id)).status).toBe(404);
  });
});

describe("previews, edits and realtime", () => {
  it("sends the attachments in the realtime event, and previews a files-only message by its files", async () => {
    const room = (await createGroup({ actor: ana, name: "Live", memberIds: [ben.id] })).id;
    const { client } = await realtime.connect(ben);
    const channel = await subscribe(client, conversationChannel(room));
    const events: MessageDto[] = [];
    channel.bind("message.created", (data: MessageDto) => events.push(data));

    const one = await uploaded(ana, "photo.png", png, room);
    const two = await uploaded(ana, "doc.pdf", PDF_BYTES, room);
    const sent = (await (await send(ana, { attachmentIds: [one.id, two.id] }, room)).json()) as MessageDto;
    const deadline = Date.now() + 5000;
    while (events.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(events[0]?.attachments).toEqual([one, two]);
    expect(events[0]?.id).toBe(sent.id);

    const sidebar = await listConversationsForUser({ actor: ben });
    expect(sidebar.conversations.find((c) => c.id === room)?.lastMessage?.plainText).toBe("📎 2 files");
    const reply = (await (
      await send(ben, { body: { text: "nice" }, replyToId: sent.id }, room)
    ).json()) as MessageDto;
    expect(reply.replyTo?.excerpt).toBe("📎 2 files");

    // A caption can be added and taken away again; the files stay.
    const captioned = await editMessage({
      actor: ana,
      conversationId: room,
      messageId: sent.id,
      body: { text: "Our trip" },
    });
    expect(captioned).toMatchObject({ plainText: "Our trip", attachments: [one, two] });
    const bare = await editMessage({
      actor: ana,
      conversationId: room,
      messageId: sent.id,
      body: { text: "" },
    });
    expect(bare).toMatchObject({ plainText: "📎 2 files", attachments: [one, two] });
    client.disconnect();
  });
});

describe("cleanup", () => {
  it("deletes uploads never sent after a day, with their files, and leaves the rest", async () => {
    const old = await uploaded(ana, "old.png", png);
    const fresh = await uploaded(ana, "fresh.png", png);
    const sentOld = await uploaded(ana, "kept.png", png);
    await send(ana, { attachmentIds: [sentOld.id] });
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    await getDb().attachment.updateMany({
      where: { id: { in: [old.id, sentOld.id] } },
      data: { createdAt: twoDaysAgo },
    });
    const oldRow = await getDb().attachment.findUniqueOrThrow({ where: { id: old.id } });

    expect(await deleteOrphanedAttachments()).toBeGreaterThanOrEqual(1);
    expect(await getDb().attachment.findUnique({ where: { id: old.id } })).toBeNull();
    for (const key of [oldRow.storageKey, oldRow.thumbnailKey as string]) {
      await expect(fs.stat(path.join(dataDir, "uploads", key))).rejects.toThrow();
    }
    expect(await getDb().attachment.count({ where: { id: { in: [fresh.id, sentOld.id] } } })).toBe(2);
    expect((await download(ben, sentOld.id)).status).toBe(200);
  });

  it("sweeps on upload at most every few minutes", async () => {
    resetOrphanSweepForTests();
    const stale = await uploaded(ana, "stale.png", png);
    await getDb().attachment.update({ where: { id: stale.id }, data: { createdAt: new Date(0) } });
    // The upload above swept already; the next one within five minutes does not.
    await uploaded(ana, "next.png", png);
    expect(await getDb().attachment.count({ where: { id: stale.id } })).toBe(1);
    await deleteOrphansIfDue({ now: new Date(Date.now() + 6 * 60 * 1000) });
    expect(await getDb().attachment.count({ where: { id: stale.id } })).toBe(0);
  });

  it("deletes every file a person uploaded when they delete their account", async () => {
    const leaving = await createPerson("Leaving");
    const room = (await createGroup({ actor: leaving, name: "Bye", memberIds: [ben.id] })).id;
    const sentFile = await uploaded(leaving, "sent.png", png, room);
    await send(leaving, { attachmentIds: [sentFile.id] }, room);
    await uploaded(leaving, "unsent.pdf", PDF_BYTES, room);
    const rows = await getDb().attachment.findMany({ where: { uploaderId: leaving.id } });
    expect(rows).toHaveLength(2);

    await deleteAccount({
      limiters: testAuthLimiters(databaseStore(database), "attachments"),
      actor: leaving,
      input: { confirmUsername: leaving.username, password: "" },
    });
    expect(await getDb().attachment.count({ where: { id: { in: rows.map((r) => r.id) } } })).toBe(0);
    for (const row of rows) {
      for (const key of [row.storageKey, row.thumbnailKey].filter((k): k is string => k !== null)) {
        await expect(fs.stat(path.join(dataDir, "uploads", key))).rejects.toThrow();
      }
    }
    expect((await download(ben, sentFile.id)).status).toBe(404);
  });
});
