import { describe, expect, it } from "vitest";
import { contentDisposition, fileResponse, parseRange } from "./file-response";
import type { FileStorage } from "./storage";

describe("parseRange", () => {
  it.each([
    ["bytes=0-9", { start: 0, end: 9 }],
    ["bytes=5-", { start: 5, end: 99 }],
    ["bytes=-10", { start: 90, end: 99 }],
    ["bytes=-500", { start: 0, end: 99 }],
    ["bytes=90-500", { start: 90, end: 99 }],
    ["bytes=100-", "unsatisfiable"],
    ["bytes=-0", "unsatisfiable"],
    ["bytes=5-2", null],
    ["bytes=0-1,5-6", null],
    ["items=0-1", null],
    ["bytes=-", null],
  ])("%s of 100 bytes → %j", (header, expected) => {
    expect(parseRange(header, 100)).toEqual(expected);
  });
});

describe("contentDisposition", () => {
  it("quotes safely and keeps the real name in filename*", () => {
    expect(contentDisposition("attachment", 'ré"sumé\\.pdf')).toBe(
      `attachment; filename="r__sum__.pdf"; filename*=UTF-8''r%C3%A9%22sum%C3%A9%5C.pdf`,
    );
    expect(contentDisposition("inline", "a (1).png")).toBe(
      `inline; filename="a (1).png"; filename*=UTF-8''a%20%281%29.png`,
    );
  });
});

describe("fileResponse with a remote driver", () => {
  it("redirects to a short-lived signed URL, naming the download, and lets no cache keep it", async () => {
    const asked: unknown[] = [];
    const remote: FileStorage = {
      driver: "uploadthing",
      put: async () => {},
      get: async () => null,
      delete: async () => {},
      signedUrl: async (key, options) => {
        asked.push({ key, ...options });
        return `https://files.example/${key}?signature=abc`;
      },
    };
    const file = {
      key: "attachments/AAAAAAAAAAAAAAAAAAAAAAAA.bin",
      name: "cv.pdf",
      mimeType: "application/pdf",
    };
    const response = await fileResponse({
      storage: remote,
      file: { ...file, download: true },
      rangeHeader: null,
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`https://files.example/${file.key}?signature=abc`);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(asked).toEqual([{ key: file.key, expiresInSeconds: 300, downloadName: "cv.pdf" }]);
  });
});
