import { describe, expect, it } from "vitest";
import { extensionOf, isInlineType, judgeFile, kindOf, sanitizeFileName } from "./policy";

const known = new Set(["png", "jpg", "gif", "webp", "pdf", "zip", "mp4", "mp3", "cfb", "dat"]);
const bytes = (text: string) => new TextEncoder().encode(text);
const judge = (name: string, head: Uint8Array, sniffed?: { ext: string; mime: string }) =>
  judgeFile({ name, head, sniffed, sniffableExtensions: known });

describe("sanitizeFileName", () => {
  it.each([
    ["photo.png", "photo.png"],
    ["../../etc/passwd", "passwd"],
    ["C:\\Users\\ana\\Desktop\\cv.pdf", "cv.pdf"],
    ["in\u0000voice\u0007.pdf", "invoice.pdf"],
    ["\u202egnp.exe", "gnp.exe"],
    ["  spaced   out .txt  ", "spaced out .txt"],
    ["..hidden..", "hidden"],
    ["caf\u0065\u0301.png", "café.png"],
  ])("%j → %j", (raw, expected) => {
    expect(sanitizeFileName(raw)).toBe(expected);
  });

  it.each([[""], [".."], ["/"], ["\u0000\u0001"], ["..\\.."]])("%j has no name left", (raw) => {
    expect(sanitizeFileName(raw)).toBeNull();
  });

  it("cuts a long name and keeps its extension", () => {
    const name = sanitizeFileName(`${"é".repeat(300)}.jpeg`);
    expect([...(name ?? "")]).toHaveLength(200);
    expect(name?.endsWith("é.jpeg")).toBe(true);
  });
});

describe("judgeFile", () => {
  const png = { ext: "png", mime: "image/png" };
  it("accepts content that matches its name, by the sniffed type", () => {
    expect(judge("a.png", new Uint8Array([0x89, 0x50]), png)).toEqual({ ok: true, mimeType: "image/png" });
    expect(judge("a", new Uint8Array([0x89]), png)).toEqual({ ok: true, mimeType: "image/png" });
    expect(judge("a.JPEG", new Uint8Array([0xff]), { ext: "jpg", mime: "image/jpeg" })).toMatchObject({
      ok: true,
    });
    expect(judge("a.docx", new Uint8Array([0x50]), { ext: "zip", mime: "application/zip" })).toMatchObject({
      ok: true,
    });
    expect(judge("notes.txt", bytes("hello\n"))).toEqual({ ok: true, mimeType: "text/plain" });
    expect(judge("data.csv", bytes("a,b\n1,2\n"))).toEqual({ ok: true, mimeType: "text/csv" });
    expect(judge("blob.bin", new Uint8Array([0, 1, 2, 255]))).toEqual({
      ok: true,
      mimeType: "application/octet-stream",
    });
  });

  it("refuses active content and content that does not match its name", () => {
    const cases: [string, Uint8Array, { ext: string; mime: string } | undefined][] = [
      ["a.html", bytes("hi"), undefined],
      ["a.svg", bytes("<svg/>"), undefined],
      ["a.png", bytes("<html><body>"), undefined],
      ["a.png", bytes("alert(1)"), undefined],
      ["a.txt", bytes("<!DOCTYPE html><p>"), undefined],
      ["a.txt", bytes("  <script>alert(1)</script>"), undefined],
      ["a.png", bytes('<?xml version="1.0"?>'), { ext: "xml", mime: "application/xml" }],
      ["a.png", new Uint8Array([0, 1, 2, 3]), undefined],
      ["a.gif", new Uint8Array([0x89]), png],
      ["a.pdf", bytes("plain text"), undefined],
      ["a.js", bytes("x"), undefined],
    ];
    for (const [name, head, sniffed] of cases) {
      expect(judge(name, head, sniffed), name).toMatchObject({ ok: false, code: "unsupported:file_type" });
    }
  });
});

describe("kinds and inline types", () => {
  it("shows only media inline", () => {
    expect(kindOf("image/png")).toBe("image");
    expect(kindOf("video/mp4")).toBe("video");
    expect(kindOf("audio/mpeg")).toBe("audio");
    expect(kindOf("application/pdf")).toBe("file");
    for (const type of ["image/svg+xml", "text/html", "application/xml", "text/plain", "application/pdf"]) {
      expect(isInlineType(type)).toBe(false);
    }
    expect(extensionOf("archive.tar.GZ")).toBe("gz");
    expect(extensionOf("noext")).toBe("");
  });
});
