import { describe, expect, it } from "vitest";
import { sparkline } from "../../src/render/index.js";

describe("sparkline", () => {
  it("draws the smallest value shown as ▁ and the largest as █, in between by eighths", () => {
    expect(sparkline([10, 20, 30, 40, 50, 60, 70, 80], 8)).toBe("▁▂▃▄▅▆▇█");
    expect(sparkline([50, 80, 100], 8)).toBe("▁▅█");
  });

  it("keeps the last `width` values and draws equal values flat", () => {
    expect(sparkline([1, 100, 5, 6], 2)).toBe("▁█");
    expect(sparkline([3, 3, 3], 8)).toBe("▁▁▁");
  });
});
