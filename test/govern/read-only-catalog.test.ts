import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { CatalogPartition, CatalogTable } from "../../src/catalog/catalog.js";
import { LocalCatalog } from "../../src/catalog/local-catalog.js";
import { ReadOnlyError } from "../../src/errors.js";
import { readOnlyCatalog } from "../../src/govern/index.js";

async function refusal(promise: Promise<unknown>): Promise<ReadOnlyError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ReadOnlyError);
  const readOnly = err as ReadOnlyError;
  expect(readOnly.code).toBe("read-only");
  expect(readOnly.message).not.toContain("\n");
  expect(readOnly.message).toMatch(/read-only mode.*--read-only/);
  return readOnly;
}

const table: CatalogTable = {
  database: "bronze",
  name: "sales_orders",
  location: "/lake/bronze/sales/orders",
  format: "json",
  columns: [{ name: "id", type: "bigint" }],
  partitionKeys: [
    { name: "year", type: "string" },
    { name: "month", type: "string" },
    { name: "day", type: "string" },
  ],
};

const partition = (day: string): CatalogPartition => ({
  values: ["2024", "01", day],
  location: `/lake/bronze/sales/orders/year=2024/month=01/day=${day}`,
  format: "json",
});

async function catalogWithOrders(): Promise<LocalCatalog> {
  const catalog = new LocalCatalog(
    path.join(mkdtempSync(path.join(tmpdir(), "medallion-ro-cat-")), "catalog.db"),
  );
  await catalog.ensureDatabase("bronze");
  await catalog.putTable(table);
  await catalog.addPartitions("bronze", "sales_orders", [partition("15")]);
  return catalog;
}

async function partitionsOf(catalog: LocalCatalog): Promise<string[][]> {
  const values: string[][] = [];
  for await (const page of catalog.listPartitions("bronze", "sales_orders"))
    values.push(...page.map((p) => p.values));
  return values;
}

describe("readOnlyCatalog", () => {
  it("refuses each change with one line naming it, and changes nothing", async () => {
    const catalog = await catalogWithOrders();
    const guarded = readOnlyCatalog(catalog);
    const refused = [
      [guarded.ensureDatabase("silver"), "refused to create database `silver`"],
      [
        guarded.putTable({ ...table, description: "changed" }),
        "refused to create or update table `bronze.sales_orders`",
      ],
      [
        guarded.addPartitions("bronze", "sales_orders", [partition("16"), partition("17")]),
        "refused to add 2 partitions to `bronze.sales_orders`",
      ],
      [
        guarded.updatePartitions("bronze", "sales_orders", [partition("15")]),
        "refused to update 1 partition of `bronze.sales_orders`",
      ],
      [
        guarded.deletePartitions("bronze", "sales_orders", [["2024", "01", "15"]]),
        "refused to delete 1 partition from `bronze.sales_orders`",
      ],
    ] as const;
    for (const [call, start] of refused)
      expect((await refusal(call)).message.startsWith(`${start}:`)).toBe(true);

    expect(await catalog.listDatabases()).toEqual(["bronze"]);
    expect((await catalog.getTable("bronze", "sales_orders"))?.description).toBeUndefined();
    expect(await partitionsOf(catalog)).toEqual([["2024", "01", "15"]]);
    await catalog.close?.();
  });

  it("still reads databases, tables and partitions, sharing the call counts", async () => {
    const catalog = await catalogWithOrders();
    const guarded = readOnlyCatalog(catalog);
    expect(await guarded.listDatabases()).toEqual(["bronze"]);
    expect((await guarded.listTables("bronze")).map((t) => t.name)).toEqual(["sales_orders"]);
    expect((await guarded.getTable("bronze", "sales_orders"))?.location).toBe(table.location);
    const pages: string[][] = [];
    for await (const page of guarded.listPartitions("bronze", "sales_orders"))
      pages.push(...page.map((p) => p.values));
    expect(pages).toEqual([["2024", "01", "15"]]);
    expect(guarded.kind).toBe("local");
    expect(guarded.calls).toBe(catalog.calls);
    await guarded.close?.();
  });
});
