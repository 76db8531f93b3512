import { describe, expect, it } from "vitest";
import { slowBursts } from "./load";

describe("slowBursts", () => {
  it("groups slow deliveries less than the gap apart and leaves fast ones out", () => {
    const samples: [number, number, number][] = [
      [0, 5, 6],
      [1_000, 80, 90],
      [1_010, 120, 125],
      [1_250, 60, 61],
      [1_260, 7, 8],
      [5_000, 51, 52],
      [5_400, 50, 50],
    ];
    expect(slowBursts(samples, 50)).toEqual([
      { atSeconds: 1, deliveries: 3, worstMs: 120 },
      { atSeconds: 5, deliveries: 1, worstMs: 51 },
    ]);
  });
});
