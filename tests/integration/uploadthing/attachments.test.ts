import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DELETE as deleteAvatar, POST as postAvatar } from "@/app/api/account/avatar/route";
import { GET as getFile } from "@/app/api/files/[id]/route";
import { GET as getThumbnail } from "@/app/api/files/[id]/thumbnail/route";
import { GET as getAvatar } from "@/app/api/files/avatars/[key]/route";
import type { AccountSummary } from "@/lib/accounts/types";
import { createGroup } from "@/lib/chat/conversations/conversations";
import { createPerson } from "@/lib/chat/testing/fixtures";
import { getDb } from "@/lib/db";
import { handleUploadthingRequest } from "@/lib/files/uploadthing/route-handler";
import { callRoute } from "@/tests/support/routes";
import { sign } from "@/tests/uploadthing-stand-in/signing";
import { createTestDatabase, type TestDatabase } from "../db";
import {
  type AppUnderTest,
  type FileToUpload,
  sessionCookie,
  startAppWithStandIn,
  type UploadOutcome,
  uploadThroughApp,
} from "./harness";
import { htmlPage, pdfDocument, pngBomb, pngPolyglot, smallPng, svgImage } from "./images";

// Every bad input of attachments on the uploadthing driver: the app's route with the official
// server SDK (createRouteHandler, UTApi), the stand-in as uploadthing's cloud. Each refusal leaves
// nothing in the stand-in's storage and no row in the database.

vi.mock("next/headers", async () => {
  const routes = await import("@/tests/support/routes");
  return { headers: async () => routes.requestHeaders() };
});

const MAX_FILE_BYTES = 300_000;

let database: TestDatabase;
let app: AppUnderTest;
let ana: AccountSummary;
let ben: AccountSummary;
let cleo: AccountSummary;
let conversationId: string;
let anaCookie: string;
let cleoCookie: string;

beforeAll(async () => {
  process.env.UPLOAD_MAX_FILE_BYTES = String(MAX_FILE_BYTES);
  process.env.RATE_LIMIT_SCALE = "1000";
  database = await createTestDatabase();
  app = await startAppWithStandIn({ "/api/uploadthing": handleUploadthingRequest });
  ana = await createPerson("Ana");
  ben = await createPerson("Ben");
  cleo = await createPerson("Cleo");
  conversationId = (await createGroup({ actor: ana, name: "Files", memberIds: [ben.id] })).id;
  anaCookie = await sessionCookie(ana.id);
  cleoCookie = await sessionCookie(cleo.id);
});

afterAll(async () => {
  await app?.stop();
  await database?.drop();
});

const attachmentRows = () => getDb().attachment.count();
const storedAttachments = () => app.standIn.files();

function upload(files: FileToUpload[], cookie: string | null = anaCookie, conversation = conversationId) {
  return uploadThroughApp(app, { cookie, conversationId: conversation, files });
}

/** The upload was refused before any byte went to uploadthing, with this status and code. */
function expectPresignRefusal(outcome: UploadOutcome, status: number, code: string) {
  expect(outcome.stage).toBe("presign");
  if (outcome.stage !== "presign") return;
  expect(outcome.status).toBe(status);
  expect(outcome.body.error?.code).toBe(code);
  expect(outcome.body.message).toBe(outcome.body.error?.message);
}

/** The file reached uploadthing, and the app refused it on the callback: serverData carries why. */
function expectCallbackRefusal(outcome: UploadOutcome, code: string) {
  expect(outcome.stage).toBe("upload");
  if (outcome.stage !== "upload") return;
  expect(outcome.results[0]?.status).toBe(200);
  expect(outcome.results[0]?.body.serverData).toMatchObject({ error: { code } });
}

async function expectNothingLeft(run: () => Promise<void>) {
  const rows = await attachmentRows();
  const files = storedAttachments().length;
  await run();
  expect(await attachmentRows()).toBe(rows);
  expect(storedAttachments()).toHaveLength(files);
  expect(app.standIn.partialUploads()).toEqual([]);
}

describe("uploads to uploadthing through the app's route", () => {
  it("stores an image: presigned by the route, uploaded, called back, sniffed, thumbnailed, recorded", async () => {
    const png = await smallPng(64, 48);
    const outcome = await upload([{ name: "blue.png", bytes: png, type: "image/png" }]);
    expect(outcome.stage).toBe("upload");
    if (outcome.stage !== "upload") return;
    const serverData = outcome.results[0]?.body.serverData as { attachment: Record<string, unknown> };
    expect(serverData.attachment).toMatchObject({
      name: "blue.png",
      mimeType: "image/png",
      kind: "image",
      width: 64,
      height: 48,
    });
    const row = await getDb().attachment.findUniqueOrThrow({
      where: { id: serverData.attachment.id as string },
    });
    expect(row).toMatchObject({
      storageDriver: "uploadthing",
      uploaderId: ana.id,
      conversationId,
      messageId: null,
    });
    // The file and its thumbnail, both private, under our keys as customIds.
    const customIds = storedAttachments().map((f) => f.customId);
    expect(customIds).toContain(row.storageKey.replace("/", "_"));
    expect(customIds).toContain(row.thumbnailKey?.replace("/", "_"));
    expect(storedAttachments().every((f) => f.acl === "private")).toBe(true);
    // The callback came over HTTP, signed, and the route answered it.
    expect(app.standIn.callbacks().at(-1)?.status).toBe(200);
  });

  it("stores a PDF as a download (the file host is told attachment disposition)", async () => {
    const outcome = await upload([{ name: "notes.pdf", bytes: pdfDocument, type: "application/pdf" }]);
    if (outcome.stage !== "upload") throw new Error(JSON.stringify(outcome));
    expect(outcome.results[0]?.body.serverData).toMatchObject({
      attachment: { mimeType: "application/pdf", kind: "file" },
    });
    expect(storedAttachments().find((f) => f.name === "notes.pdf")?.contentDisposition).toBe("attachment");
  });

  it("refuses an oversized file before the upload (413), and a body larger than declared at the ingest", async () => {
    await expectNothingLeft(async () => {
      const big = new Uint8Array(MAX_FILE_BYTES + 1);
      expectPresignRefusal(
        await upload([{ name: "big.bin", bytes: big, type: "application/octet-stream" }]),
        413,
        "too_large:file",
      );
      const liar = await upload([
        { name: "liar.png", bytes: await smallPng(200, 200), type: "image/png", declaredSize: 10 },
      ]);
      expect(liar.stage === "upload" && liar.results[0]?.status).toBe(413);
    });
  });

  it("refuses a zero-byte file and more than 10 files (400)", async () => {
    await expectNothingLeft(async () => {
      expectPresignRefusal(
        await upload([{ name: "empty.txt", bytes: new Uint8Array(0), type: "text/plain" }]),
        400,
        "invalid:file",
      );
      const png = await smallPng();
      const eleven = Array.from({ length: 11 }, (_, i) => ({
        name: `p${i}.png`,
        bytes: png,
        type: "image/png",
      }));
      expectPresignRefusal(await upload(eleven), 400, "invalid:too_many_files");
    });
  });

  it("refuses HTML named .png, a PNG/HTML polyglot and SVG named .png after sniffing, deleting the stored file", async () => {
    await expectNothingLeft(async () => {
      expectCallbackRefusal(
        await upload([{ name: "cat.png", bytes: htmlPage, type: "image/png" }]),
        "unsupported:file_type",
      );
      expectCallbackRefusal(
        await upload([{ name: "poly.png", bytes: await pngPolyglot(), type: "image/png" }]),
        "unsupported:file_type",
      );
      expectCallbackRefusal(
        await upload([{ name: "vector.png", bytes: svgImage, type: "image/png" }]),
        "unsupported:file_type",
      );
    });
  });

  it("refuses a declared SVG or HTML type before the upload (the file host would serve it as declared)", async () => {
    await expectNothingLeft(async () => {
      expectPresignRefusal(
        await upload([{ name: "v.svg", bytes: svgImage, type: "image/svg+xml" }]),
        415,
        "unsupported:file_type",
      );
      expectPresignRefusal(
        await upload([{ name: "p.txt", bytes: htmlPage, type: "text/html" }]),
        415,
        "unsupported:file_type",
      );
    });
  });

  it("refuses an image bomb (a 50,000 × 50,000 PNG header) and deletes it", async () => {
    await expectNothingLeft(async () => {
      const outcome = await upload([{ name: "bomb.png", bytes: await pngBomb(), type: "image/png" }]);
      expect(outcome.stage).toBe("upload");
      expectCallbackRefusal(outcome, "too_large:image");
    });
  });

  it("keeps only the last part of a traversal name and refuses a name of control characters", async () => {
    const outcome = await upload([
      { name: "../../etc/passwd.png", bytes: await smallPng(), type: "image/png" },
    ]);
    if (outcome.stage !== "upload") throw new Error(JSON.stringify(outcome));
    const { attachment } = (outcome.results[0] as { body: { serverData: unknown } }).body.serverData as {
      attachment: { id: string; name: string };
    };
    expect(attachment.name).toBe("passwd.png");
    const row = await getDb().attachment.findUniqueOrThrow({ where: { id: attachment.id } });
    expect(row.storageKey).toMatch(/^attachments\/[A-Za-z0-9_-]{24}\.png$/);
    await expectNothingLeft(async () => {
      expectPresignRefusal(
        await upload([{ name: "\u0007\u202e\u0000", bytes: await smallPng(), type: "image/png" }]),
        400,
        "invalid:file",
      );
    });
  });

  it("refuses a non-member (404) and a signed-out request (401)", async () => {
    await expectNothingLeft(async () => {
      const png = await smallPng();
      expectPresignRefusal(
        await upload([{ name: "x.png", bytes: png, type: "image/png" }], cleoCookie),
        404,
        "not_found:conversation",
      );
      expectPresignRefusal(
        await upload([{ name: "x.png", bytes: png, type: "image/png" }], null),
        401,
        "unauthorized",
      );
      expectPresignRefusal(
        await upload([{ name: "x.png", bytes: png, type: "image/png" }], anaCookie, "c_unknown"),
        404,
        "not_found:conversation",
      );
    });
  });

  it("refuses a forged callback: no signature, another key's, or a body changed after signing", async () => {
    await expectNothingLeft(async () => {
      const payload = JSON.stringify({
        status: "uploaded",
        file: {
          name: "forged.png",
          size: 10,
          type: "image/png",
          customId: "attachments_AAAAAAAAAAAAAAAAAAAAAAAA.png",
          key: "forged",
          url: "http://evil.example/f/forged",
          appUrl: "http://evil.example/a/x/forged",
          ufsUrl: "http://evil.example/a/x/forged",
          fileHash: "0",
        },
        origin: "http://evil.example",
        metadata: { actorId: ana.id, conversationId },
      });
      const tampered = payload.replace("forged.png", "forged2.png");
      for (const [body, signature] of [
        [payload, null],
        [payload, sign(payload, "sk_live_someone_else")],
        [tampered, sign(payload, app.standIn.apiKey)],
      ] as const) {
        const response = await fetch(`${app.baseUrl}/api/uploadthing?slug=attachment`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "uploadthing-hook": "callback",
            ...(signature && { "x-uploadthing-signature": signature }),
          },
          body,
        });
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({ message: "Invalid signature" });
      }
    });
  });
});

describe("serving from uploadthing", () => {
  async function uploadedPng() {
    const png = await smallPng(50, 40);
    const outcome = await upload([{ name: "served.png", bytes: png, type: "image/png" }]);
    if (outcome.stage !== "upload") throw new Error(JSON.stringify(outcome));
    const { attachment } = (outcome.results[0] as { body: { serverData: unknown } }).body.serverData as {
      attachment: { id: string };
    };
    return { id: attachment.id, png };
  }

  it("redirects a member to a short-lived signed URL of the file host; the bare URL is refused", async () => {
    const { id, png } = await uploadedPng();
    for (const handler of [getFile, getThumbnail]) {
      const response = await callRoute(handler, { path: `/api/files/${id}`, params: { id }, as: ana });
      expect(response.status).toBe(302);
      expect(response.headers.get("cache-control")).toContain("no-store");
      const location = new URL(response.headers.get("location") as string);
      expect(location.origin).toBe(app.standIn.url);
      expect(Number(location.searchParams.get("expires"))).toBeLessThanOrEqual(
        Date.now() + 5 * 60_000 + 1000,
      );
      const served = await fetch(location);
      expect(served.status).toBe(200);
      expect(served.headers.get("content-type")).toMatch(/^image\/(png|webp)$/);
      if (handler === getFile) expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
      expect((await fetch(`${location.origin}${location.pathname}`)).status).toBe(403);
    }
  });

  it("passes a download through with attachment disposition (a redirect would lose it)", async () => {
    const { id, png } = await uploadedPng();
    const response = await callRoute(getFile, {
      path: `/api/files/${id}?download=1`,
      params: { id },
      as: ana,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="served.png"/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
  });

  it("answers a non-member and a guessed id 404, and a signed-out request 401", async () => {
    const { id } = await uploadedPng();
    for (const handler of [getFile, getThumbnail]) {
      expect((await callRoute(handler, { path: `/api/files/${id}`, params: { id }, as: cleo })).status).toBe(
        404,
      );
      expect((await callRoute(handler, { path: `/api/files/${id}`, params: { id } })).status).toBe(401);
      const guessed = `${id.slice(0, -4)}zzzz`;
      expect(
        (await callRoute(handler, { path: `/api/files/${guessed}`, params: { id: guessed }, as: ana }))
          .status,
      ).toBe(404);
    }
  });

  it("stores, serves and deletes an avatar on uploadthing", async () => {
    const form = new FormData();
    form.append(
      "avatar",
      new Blob([new Uint8Array(await smallPng(80, 80))], { type: "image/png" }),
      "me.png",
    );
    form.append("crop", JSON.stringify({ x: 0, y: 0, width: 80, height: 80 }));
    const set = await callRoute(postAvatar, {
      method: "POST",
      path: "/api/account/avatar",
      params: {},
      as: ben,
      body: form,
    });
    expect(set.status).toBe(200);
    const stored = app.standIn.files().filter((f) => f.customId?.startsWith("avatars_"));
    expect(stored).toHaveLength(1);
    const key = String(stored[0]?.customId).slice("avatars_".length);
    const served = await callRoute(getAvatar, {
      path: `/api/files/avatars/${key}`,
      params: { key },
      as: cleo,
    });
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/webp");
    expect(
      (await callRoute(deleteAvatar, { method: "DELETE", path: "/api/account/avatar", params: {}, as: ben }))
        .status,
    ).toBe(204);
    expect(app.standIn.files().filter((f) => f.customId?.startsWith("avatars_"))).toHaveLength(0);
  });
});
