import { describe, expect, it } from "vitest";
import { compareValues, matchesFilter, sortedIndexes } from "../../src/preview/row-order.js";

const cells = (values: unknown[]) =>
  values.map((value, index) => ({ index, value, text: value === null ? null : String(value) }));

describe("sorting loaded rows by a column", () => {
  it("orders integers as numbers, past 2^53 too (JSON carries those as text), nulls last either way", () => {
    const values = [10, null, 9, "9007199254740993", 100, "9007199254740992", -3];
    expect(sortedIndexes(cells(values), "int64", "ascending")).toEqual([6, 2, 0, 4, 5, 3, 1]);
    expect(sortedIndexes(cells(values), "int64", "descending")).toEqual([3, 5, 4, 0, 2, 6, 1]);
  });

  it("orders decimals exactly by value, not by their text", () => {
    const values = ["10.50", "9.99", "100.00", "-0.01", "10.5"];
    // 10.50 and 10.5 tie: file order.
    expect(sortedIndexes(cells(values), "decimal(18,2)", "ascending")).toEqual([3, 1, 0, 4, 2]);
  });

  it("orders doubles with NaN after every number", () => {
    expect(sortedIndexes(cells([1.5, "NaN", -2.25, "Infinity", 0]), "double", "ascending")).toEqual([
      2, 4, 0, 3, 1,
    ]);
  });

  it("orders timestamps by instant at any year, fractions and the zone letter aside", () => {
    const values = [
      "2024-01-15T10:00:00Z",
      "-0044-03-15T12:00:30Z",
      "12345-06-07T08:09:10.5Z",
      "2024-01-15T10:00:00.25Z",
      "0001-01-01T00:00:00Z",
    ];
    expect(sortedIndexes(cells(values), "timestamp(us, UTC)", "ascending")).toEqual([1, 4, 0, 3, 2]);
    expect(sortedIndexes(cells(["2024-02-01", "999-12-31", "2023-12-31"]), "date", "ascending")).toEqual([
      1, 2, 0,
    ]);
  });

  it("orders text by code point and booleans false first", () => {
    expect(sortedIndexes(cells(["b", "B", "a", null, "ab"]), "string", "ascending")).toEqual([1, 2, 4, 0, 3]);
    expect(compareValues("boolean")(false, true)).toBeLessThan(0);
  });

  it("puts values that do not parse as numbers after those that do", () => {
    expect(sortedIndexes(cells(["n/a", 2, 1]), "int32", "ascending")).toEqual([2, 1, 0]);
  });
});

describe("filtering loaded rows by a column", () => {
  it("matches a part of the text shown, in any case; =text the whole value; NULL the nulls", () => {
    expect(matchesFilter("Card-Visa", "visa")).toBe(true);
    expect(matchesFilter("Card-Visa", "amex")).toBe(false);
    expect(matchesFilter("10.50", "=10.5")).toBe(false);
    expect(matchesFilter("10.50", "=10.50")).toBe(true);
    expect(matchesFilter(null, "null")).toBe(true);
    expect(matchesFilter(null, "nu")).toBe(false);
    expect(matchesFilter("nullable", "=null")).toBe(false);
  });
});
