import { describe, expect, it } from "vitest";
import { checkFiles } from "./limits";

const limits = { maxFileBytes: 1000, maxFilesPerMessage: 3 };

function file(name: string, size: number): File {
  return new File([new Uint8Array(size)], name);
}

describe("checkFiles", () => {
  it("accepts files within the limits", () => {
    const files = [file("a.png", 10), file("b.pdf", 1000)];
    expect(checkFiles(files, 0, limits)).toEqual({ accepted: files, refusal: null });
  });

  it("refuses files over the size limit and empty files, naming them", () => {
    const ok = file("ok.png", 5);
    const { accepted, refusal } = checkFiles([file("big.mov", 1001), ok, file("empty.txt", 0)], 0, limits);
    expect(accepted).toEqual([ok]);
    expect(refusal).toBe("big.mov is larger than 1000 bytes. empty.txt is empty.");
  });

  it("keeps only as many as the message has room for, counting those already attached", () => {
    const files = [file("1", 1), file("2", 1), file("3", 1)];
    const { accepted, refusal } = checkFiles(files, 1, limits);
    expect(accepted.map((f) => f.name)).toEqual(["1", "2"]);
    expect(refusal).toBe("A message can carry at most 3 files.");
    expect(checkFiles(files, 3, limits).accepted).toEqual([]);
  });
});
