import { describe, expect, it } from "vitest";
import { thumbnailSize } from "./image-thumbnail";

describe("thumbnailSize", () => {
  it("keeps a small image at its own size", () => {
    expect(thumbnailSize({ width: 200, height: 100 })).toEqual({ width: 200, height: 100 });
  });

  it("scales a large image down into the box, keeping its proportions", () => {
    expect(thumbnailSize({ width: 4000, height: 3000 })).toEqual({ width: 320, height: 240 });
    expect(thumbnailSize({ width: 1000, height: 4000 })).toEqual({ width: 60, height: 240 });
  });

  it("never rounds a sliver down to nothing", () => {
    expect(thumbnailSize({ width: 10_000, height: 1 })).toEqual({ width: 320, height: 1 });
  });
});
