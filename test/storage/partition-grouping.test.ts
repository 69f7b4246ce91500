import { describe, expect, it } from "vitest";
import { placeFolders, sharedFileStart } from "../../src/storage/partition-grouping.js";

describe("sharedFileStart", () => {
  it("finds the word Spark, Glue and Firehose files start with", () => {
    expect(sharedFileStart(["part-00000.json", "part-00001.json"], ["year=2024"])).toBe("part-");
    expect(
      sharedFileStart(
        ["part-00000-6f1c2a9e-c000.snappy.parquet", "part-00001-6f1c2a9e-c000.snappy.parquet"],
        [],
      ),
    ).toBe("part-");
    expect(sharedFileStart(["orders_20240101.csv", "orders_20240102.csv", "_SUCCESS"], [])).toBe("orders_");
  });

  it("gives none for hashed or numbered names, for a minority, or when a partition folder starts with it", () => {
    expect(sharedFileStart(["000000_0", "000001_0"], [])).toBeUndefined();
    expect(sharedFileStart(["4f3a9c.json", "b81d22.json"], [])).toBeUndefined();
    expect(sharedFileStart(["part-0.json", "data.csv", "x.csv", "y.csv"], [])).toBeUndefined();
    expect(sharedFileStart(["day_1.json", "day_2.json"], ["day_of_week=1"])).toBeUndefined();
    expect(sharedFileStart([], [])).toBeUndefined();
  });
});

describe("placeFolders", () => {
  it("puts a path inside a partition, inside another folder, or above the partition level", () => {
    expect(placeFolders(["year=2024", "month=01", "extra"], 2)).toEqual({
      kind: "partition",
      segments: ["year=2024", "month=01"],
    });
    expect(placeFolders(["year=2024", "_temporary", "0"], 2)).toEqual({
      kind: "other",
      segments: ["year=2024", "_temporary"],
    });
    expect(placeFolders(["year=2024"], 2)).toEqual({ kind: "above", segments: ["year=2024"] });
  });
});
