import { describe, expect, it } from "vitest";
import { diffPartitions, isInSync } from "../../src/sync/diff.js";
import { folder, ORDERS, ORDERS_TABLE, registered } from "./fixtures.js";

const base = "s3://lake/silver/sales/orders";

describe("diffPartitions", () => {
  it("finds a partition on both sides with the same location in sync, whatever the trailing slash", () => {
    const diff = diffPartitions({
      table: ORDERS,
      catalogTable: ORDERS_TABLE,
      storage: [folder("year=2024/month=01", ["2024", "01"])],
      catalog: [registered(["2024", "01"], `${base}/year=2024/month=01`)],
    });
    expect(diff.entries.map((e) => e.status)).toEqual(["in-sync"]);
    expect(isInSync(diff)).toBe(true);
  });

  it("adds a partition that is in storage only", () => {
    const diff = diffPartitions({
      table: ORDERS,
      catalogTable: ORDERS_TABLE,
      storage: [folder("year=2024/month=02", ["2024", "02"])],
      catalog: [],
    });
    expect(diff.entries[0]).toMatchObject({
      status: "add",
      name: "year=2024/month=02",
      values: ["2024", "02"],
    });
    expect(isInSync(diff)).toBe(false);
  });

  it("matches Hive-escaped folder names to raw catalog values", () => {
    const diff = diffPartitions({
      table: { ...ORDERS, partitionKeys: ["ts"] },
      catalogTable: { ...ORDERS_TABLE, partitionKeys: [{ name: "ts", type: "string" }] },
      storage: [folder("ts=2024-01-15 10%3A00", ["2024-01-15 10:00"])],
      catalog: [registered(["2024-01-15 10:00"], `${base}/ts=2024-01-15 10%3A00/`)],
    });
    expect(diff.counts).toMatchObject({ "in-sync": 1, add: 0, drop: 0 });
  });

  it("matches the default partition folder to the catalog's __HIVE_DEFAULT_PARTITION__ value", () => {
    const diff = diffPartitions({
      table: ORDERS,
      catalogTable: ORDERS_TABLE,
      storage: [folder("year=2024/month=__HIVE_DEFAULT_PARTITION__", ["2024", null])],
      catalog: [
        registered(
          ["2024", "__HIVE_DEFAULT_PARTITION__"],
          `${base}/year=2024/month=__HIVE_DEFAULT_PARTITION__`,
        ),
      ],
    });
    expect(diff.counts["in-sync"]).toBe(1);
  });

  it("drops partitions that exist in the catalog but have no folder in storage", () => {
    const diff = diffPartitions({
      table: ORDERS,
      catalogTable: ORDERS_TABLE,
      storage: [],
      catalog: [registered(["2023", "12"], `${base}/year=2023/month=12/`)],
    });
    expect(diff.entries[0]).toMatchObject({
      status: "drop",
      name: "year=2023/month=12",
      values: ["2023", "12"],
    });
  });

  it("drops partitions that exist in the catalog but whose prefix is empty", () => {
    const diff = diffPartitions({
      table: ORDERS,
      catalogTable: ORDERS_TABLE,
      storage: [folder("year=2024/month=03", ["2024", "03"], { objects: 0, bytes: 0, formats: [] })],
      catalog: [registered(["2024", "03"], `${base}/year=2024/month=03`)],
    });
    expect(diff.entries[0]).toMatchObject({ status: "drop", reason: "its folder in storage is empty" });
  });

  it("ignores an empty folder that the catalog does not know either", () => {
    const diff = diffPartitions({
      table: ORDERS,
      catalogTable: ORDERS_TABLE,
      storage: [folder("year=2024/month=03", ["2024", "03"], { objects: 0, bytes: 0, formats: [] })],
      catalog: [],
    });
    expect(diff.entries).toEqual([]);
  });

  it("updates a partition whose catalog location points elsewhere", () => {
    const diff = diffPartitions({
      table: ORDERS,
      catalogTable: ORDERS_TABLE,
      storage: [folder("year=2024/month=01", ["2024", "01"])],
      catalog: [registered(["2024", "01"], "s3://old-bucket/orders/2024/01/")],
    });
    expect(diff.entries[0]).toMatchObject({
      status: "update",
      reason: "the catalog points at s3://old-bucket/orders/2024/01/",
    });
  });

  it("reports a partition registered with another format as drift, never as in sync", () => {
    const diff = diffPartitions({
      table: ORDERS,
      catalogTable: ORDERS_TABLE,
      storage: [folder("year=2024/month=01", ["2024", "01"])],
      catalog: [registered(["2024", "01"], `${base}/year=2024/month=01`, { format: "json" })],
    });
    expect(diff.entries[0]).toMatchObject({
      status: "drift",
      reason: "registered as json, the table is parquet",
    });
  });

  it("reports a partition whose columns differ from the table's as drift, naming the columns", () => {
    const diff = diffPartitions({
      table: ORDERS,
      catalogTable: ORDERS_TABLE,
      storage: [folder("year=2024/month=01", ["2024", "01"])],
      catalog: [
        registered(["2024", "01"], `${base}/year=2024/month=01`, {
          columns: [
            { name: "ID", type: "bigint" },
            { name: "amount", type: "double" },
            { name: "note", type: "string" },
          ],
        }),
      ],
    });
    expect(diff.entries[0]?.status).toBe("drift");
    expect(diff.entries[0]?.reason).toBe(
      "its schema differs from the table's: amount decimal(10,2)→double, +note string",
    );
  });

  it("does not add a folder whose files are of another format than the table", () => {
    const diff = diffPartitions({
      table: ORDERS,
      catalogTable: ORDERS_TABLE,
      storage: [folder("year=2024/month=01", ["2024", "01"], { formats: ["csv"] })],
      catalog: [],
    });
    expect(diff.entries[0]).toMatchObject({
      status: "drift",
      reason: "holds csv files, the table is parquet; not added",
    });
  });

  it("reports anomalies and never syncs them, even when the catalog has the same values", () => {
    const anomaly = {
      kind: "keys-out-of-order" as const,
      segment: "month=01",
      message: "keys out of order: month before year",
    };
    const diff = diffPartitions({
      table: ORDERS,
      catalogTable: ORDERS_TABLE,
      storage: [folder("month=01/year=2024", ["2024", "01"], { anomalies: [anomaly] })],
      catalog: [registered(["2024", "01"], `${base}/year=2024/month=01`)],
    });
    expect(diff.entries).toHaveLength(1);
    expect(diff.entries[0]).toMatchObject({
      status: "anomaly",
      reason: "keys out of order: month before year; never synced",
    });
  });

  it("leaves alone a catalog-only partition registered outside the table's folder", () => {
    const diff = diffPartitions({
      table: ORDERS,
      catalogTable: ORDERS_TABLE,
      storage: [],
      catalog: [registered(["2020", "01"], "s3://archive/orders/2020-01/")],
    });
    expect(diff.entries[0]).toMatchObject({ status: "drift", name: "year=2020/month=01" });
  });

  it("says when the table is not registered, and when its keys or location differ", () => {
    const unregistered = diffPartitions({
      table: ORDERS,
      storage: [folder("year=2024/month=01", ["2024", "01"])],
      catalog: [],
    });
    expect(unregistered.tableIssues).toEqual(["not registered in the catalog as acme_silver.sales_orders"]);
    expect(unregistered.entries[0]?.status).toBe("add");

    const moved = diffPartitions({
      table: ORDERS,
      catalogTable: {
        ...ORDERS_TABLE,
        location: "s3://old/orders",
        partitionKeys: [{ name: "dt", type: "string" }],
      },
      storage: [],
      catalog: [],
      hasData: true,
    });
    expect(moved.tableIssues).toEqual([
      "partition keys differ: the catalog has dt, storage has year, month: run `medallion catalog register silver/sales/orders --replace` to recreate the table with year, month",
      "registered at s3://old/orders, the table lives at s3://lake/silver/sales/orders",
    ]);
  });

  it("counts every class and sorts entries by partition name", () => {
    const diff = diffPartitions({
      table: ORDERS,
      catalogTable: ORDERS_TABLE,
      storage: [folder("year=2024/month=02", ["2024", "02"]), folder("year=2024/month=01", ["2024", "01"])],
      catalog: [
        registered(["2024", "01"], `${base}/year=2024/month=01`),
        registered(["2023", "01"], `${base}/year=2023/month=01`),
      ],
    });
    expect(diff.entries.map((e) => `${e.status} ${e.name}`)).toEqual([
      "drop year=2023/month=01",
      "in-sync year=2024/month=01",
      "add year=2024/month=02",
    ]);
    expect(diff.counts).toEqual({ "in-sync": 1, add: 1, drop: 1, update: 0, drift: 0, anomaly: 0 });
  });
});
