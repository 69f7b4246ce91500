import { describe, expect, it } from "vitest";
import { cell, layoutTable, shownColumns, type Table, tableLines } from "../../src/render/index.js";
import { cutEnd, cutMiddle, fitText } from "../../src/render/text.js";

describe("cutting text to a width", () => {
  it("cuts Spark part files in the middle, so names sharing a long prefix stay told apart", () => {
    // One Spark task writing two files (maxRecordsPerFile): only the -c00N counter differs.
    const a = "part-00000-5b2c1e0a-9f7d-4c1e-8a61-0f3e2d1c9b01-c000.snappy.parquet";
    const b = "part-00000-5b2c1e0a-9f7d-4c1e-8a61-0f3e2d1c9b01-c001.snappy.parquet";
    expect(cutEnd(a, 44)).toBe(cutEnd(b, 44));
    expect(cutMiddle(a, 44)).toBe("part-00000-5b2c1e0a-9f…1-c000.snappy.parquet");
    expect(cutMiddle(b, 44)).toBe("part-00000-5b2c1e0a-9f…1-c001.snappy.parquet");
  });

  it("pads to the width on the side the alignment leaves, and keeps one line", () => {
    expect(fitText("42", 5, "right")).toBe("   42");
    expect(fitText("a\nb", 5)).toBe("a\\nb ");
    expect(fitText("abcdef", 4)).toBe("abc…");
  });
});

describe("laying out a table", () => {
  const table: Table = {
    columns: [{ title: "#", align: "right" }, { title: "name" }, { title: "comment" }, { title: "amount" }],
    rows: [
      [cell("1"), cell("alice"), cell("x".repeat(60)), cell("12.50")],
      [cell("2"), cell("bob"), cell("NULL", "dim"), cell("7.00")],
    ],
  };

  it("caps a column at 40 and sizes the others to their widest cell or title", () => {
    expect(layoutTable(table, 200).widths).toEqual([1, 5, 40, 6]);
  });

  it("shrinks the widest column before leaving any out", () => {
    const { widths, shown } = layoutTable(table, 40);
    expect(shown).toEqual([0, 1, 2, 3]);
    expect(widths.reduce((s, w) => s + w, 0) + 3 * 2).toBeLessThanOrEqual(40);
  });

  it("leaves columns out from the right when they cannot shrink further, and says which", () => {
    const { lines, hidden } = tableLines(table, 22);
    expect(hidden.map((c) => c.title)).toEqual(["amount"]);
    expect(lines[0]).toBe("#  name  comment");
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(22);
  });

  it("keeps frozen columns while scrolling right", () => {
    expect(shownColumns([3, 10, 10, 10], 30, { gap: 1, frozen: 1, firstColumn: 1 })).toEqual([0, 2, 3]);
  });
});
