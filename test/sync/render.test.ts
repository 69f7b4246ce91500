import { describe, expect, it } from "vitest";
import { diffPartitions } from "../../src/sync/diff.js";
import { countsText, statusCell, tableStateCell } from "../../src/sync/render.js";
import { folder, ORDERS, ORDERS_TABLE, registered } from "./fixtures.js";

const base = "s3://lake/silver/sales/orders";

describe("the words of a diff", () => {
  const drifted = diffPartitions({
    table: ORDERS,
    catalogTable: ORDERS_TABLE,
    storage: [
      folder("year=2024/month=01", ["2024", "01"]),
      folder("year=2024/month=02", ["2024", "02"]),
      folder("year=2024/month=03", ["2024", "03"]),
    ],
    catalog: [
      registered(["2024", "01"], `${base}/year=2024/month=01`),
      registered(["2023", "12"], `${base}/year=2023/month=12`),
    ],
  });

  it("names each class once, with a mark that reads without colour", () => {
    expect(statusCell("add")).toEqual({ text: "+ to add", tone: "warn" });
    expect(statusCell("drop")).toEqual({ text: "- stale", tone: "stale" });
    expect(statusCell("update").text).toBe("~ moved");
  });

  it("counts every class that has partitions", () => {
    expect(countsText(drifted)).toBe("1 in sync · 2 to add · 1 stale");
    expect(countsText(drifted, "drop")).toBe("1 in sync · 2 to add · [1 stale]");
  });

  it("says a table's state in one cell: in sync, n to add, n stale, unregistered", () => {
    expect(tableStateCell(drifted)).toEqual({ text: "+ 2 to add, 1 stale", tone: "warn" });
    const inSync = diffPartitions({
      table: ORDERS,
      catalogTable: ORDERS_TABLE,
      storage: [folder("year=2024/month=01", ["2024", "01"])],
      catalog: [registered(["2024", "01"], `${base}/year=2024/month=01`)],
    });
    expect(tableStateCell(inSync)).toEqual({ text: "✓ in sync", tone: "ok" });
    const unregistered = diffPartitions({
      table: ORDERS,
      storage: [folder("year=2024/month=01", ["2024", "01"])],
      catalog: [],
    });
    expect(tableStateCell(unregistered)).toEqual({ text: "unregistered", tone: "warn" });
  });
});
