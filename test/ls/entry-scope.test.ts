import { describe, expect, it } from "vitest";
import { listingScope, newEntry, slotOf } from "../../src/lake/entry-scope.js";
import type { LakeLayout } from "../../src/lake/types.js";

const layout: LakeLayout = {
  layers: ["bronze", "silver", "gold"],
  partitionKeys: { "bronze/sales/orders": ["year", "month", "day"] },
};

describe("listingScope", () => {
  it("names the level of each lake path", () => {
    const level = (p: string) => listingScope(p, layout).level;
    expect(level("")).toBe("root");
    expect(level("bronze")).toBe("layer");
    expect(level("bronze/tenant=acme")).toBe("tenant");
    expect(level("bronze/sales/")).toBe("domain");
    expect(level("bronze/sales/orders")).toBe("table");
    expect(level("bronze/sales/orders/year=2024/month=01")).toBe("partition-prefix");
    expect(level("bronze/sales/orders/year=2024/month=01/day=15")).toBe("partition");
    expect(level("bronze/sales/orders/backup")).toBe("partition");
    expect(listingScope("/bronze/sales/", layout)).toMatchObject({
      path: "bronze/sales",
      prefix: "bronze/sales/",
    });
  });
});

describe("slotOf", () => {
  const table = listingScope("bronze/sales/orders", layout);
  it("counts objects below a table towards their partition at full depth", () => {
    expect(slotOf(table, "year=2024/month=01/day=15/part-0.json")).toEqual({
      name: "year=2024/month=01/day=15",
      isFile: false,
    });
    expect(slotOf(table, "year=2024/month=01/day=15/hour=3/part-0.json").name).toBe(
      "year=2024/month=01/day=15",
    );
  });
  it("keeps a folder that is not key=value, with the partition folders above it, as its own row", () => {
    expect(slotOf(table, "backup/old.json")).toEqual({ name: "backup", isFile: false });
    expect(slotOf(table, "year=2024/tmp/x/y.json")).toEqual({ name: "year=2024/tmp", isFile: false });
  });
  it("counts a file above full depth towards the folder it sits in, or to itself right under the table", () => {
    expect(slotOf(table, "year=2024/stray.json")).toEqual({ name: "year=2024", isFile: false });
    expect(slotOf(table, "README.txt")).toEqual({ name: "README.txt", isFile: true });
  });
  it("uses the first segment above table level", () => {
    expect(slotOf(listingScope("", layout), "bronze/sales/orders/x.json")).toEqual({
      name: "bronze",
      isFile: false,
    });
    expect(slotOf(listingScope("bronze/sales", layout), "orders/year=2024/x")).toEqual({
      name: "orders",
      isFile: false,
    });
  });
  it("groups an undeclared table by its leading key=value folders, or by the walk's depth once known", () => {
    const clicks = listingScope("bronze/web/clicks", layout);
    expect(slotOf(clicks, "dt=2024-01-01/hour=01/p.json").name).toBe("dt=2024-01-01/hour=01");
    expect(slotOf({ ...clicks, depth: 1 }, "dt=2024-01-01/hour=01/p.json").name).toBe("dt=2024-01-01");
  });
});

describe("newEntry", () => {
  it("makes a partition row with its unescaped values", () => {
    const entry = newEntry(
      listingScope("bronze/sales/orders", layout),
      { name: "year=2024/month=01/day=__HIVE_DEFAULT_PARTITION__", isFile: false },
      layout,
    );
    expect(entry).toMatchObject({
      kind: "partition",
      path: "bronze/sales/orders/year=2024/month=01/day=__HIVE_DEFAULT_PARTITION__",
      partition: [
        { key: "year", value: "2024" },
        { key: "month", value: "01" },
        { key: "day", value: null },
      ],
      objects: 0,
      // The null partition is read as null, and flagged: engines see NULL there, not a day.
      anomalies: [expect.objectContaining({ kind: "null-partition" })],
    });
  });
  it("flags keys out of order and a layer the lake does not have", () => {
    const table = listingScope("bronze/sales/orders", layout);
    const swapped = newEntry(table, { name: "year=2024/day=15/month=01", isFile: false }, layout);
    expect(swapped.anomalies.map((a) => a.kind)).toContain("keys-out-of-order");
    const scratch = newEntry(listingScope("", layout), { name: "scratch", isFile: false }, layout);
    expect(scratch).toMatchObject({
      kind: "folder",
      anomalies: [{ kind: "unknown-layer", segment: "scratch" }],
    });
  });
});
