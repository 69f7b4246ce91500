import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { CatalogTable } from "../../src/catalog/catalog.js";
import { LocalCatalog } from "../../src/catalog/local-catalog.js";
import { MedallionError } from "../../src/errors.js";
import { tenantCatalog } from "../../src/govern/tenant-catalog.js";
import { tenantScope } from "../../src/govern/tenant-scope.js";

const ROOT = "/lake";
const orders = (name: string, folder: string): CatalogTable => ({
  database: "bronze",
  name,
  location: `${ROOT}/${folder}`,
  format: "json",
  columns: [{ name: "id", type: "bigint" }],
  partitionKeys: [{ name: "day", type: "string" }],
});

async function catalogs() {
  const inner = new LocalCatalog(path.join(mkdtempSync(path.join(tmpdir(), "medallion-tc-")), "c.sqlite"));
  await inner.ensureDatabase("bronze");
  await inner.putTable(orders("acme_sales_orders", "bronze/tenant=acme/sales/orders"));
  await inner.putTable(orders("globex_sales_orders", "bronze/tenant=globex/sales/orders"));
  await inner.putTable(orders("sales_orders", "bronze/sales/orders"));
  // Named like acme's, but its files are another tenant's: the location decides.
  await inner.putTable(orders("acme_sales_refunds", "bronze/tenant=globex/sales/refunds"));
  const scope = tenantScope("acme", ["bronze", "silver", "gold"]);
  const scoped = tenantCatalog(inner, scope, {
    keyOf: (location) => (location.startsWith(`${ROOT}/`) ? location.slice(ROOT.length + 1) : undefined),
    tableNames: async () => [
      "acme_sales_orders",
      "globex_sales_orders",
      "sales_orders",
      "acme_sales_refunds",
    ],
  });
  return { inner, scoped };
}

async function refused(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MedallionError);
  expect((err as MedallionError).code).toBe("outside-tenant");
  return (err as MedallionError).message;
}

describe("tenantCatalog", () => {
  it("shows only the tables whose location is the tenant's", async () => {
    const { scoped } = await catalogs();
    expect((await scoped.listTables("bronze")).map((t) => t.name)).toEqual(["acme_sales_orders"]);
    expect(await scoped.getTable("bronze", "globex_sales_orders")).toBeUndefined();
    expect(await scoped.getTable("bronze", "acme_sales_refunds")).toBeUndefined();
    expect((await scoped.getTable("bronze", "acme_sales_orders"))?.location).toBe(
      "/lake/bronze/tenant=acme/sales/orders",
    );
  });

  it("never asks for another tenant's table by name", async () => {
    const { inner, scoped } = await catalogs();
    await scoped.getTable("bronze", "acme_sales_orders");
    const before = inner.calls.getTable ?? 0;
    expect(before).toBeGreaterThan(0);
    await scoped.getTable("bronze", "globex_sales_orders");
    expect(inner.calls.getTable ?? 0).toBe(before);
  });

  it("lists partitions only of a table whose name and location are the tenant's, each partition inside it", async () => {
    const { inner, scoped } = await catalogs();
    const partition = (folder: string, day: string) => ({
      values: [day],
      location: `${ROOT}/${folder}/day=${day}`,
      format: "json" as const,
    });
    await inner.addPartitions("bronze", "acme_sales_orders", [
      partition("bronze/tenant=acme/sales/orders", "01"),
    ]);
    await inner.addPartitions("bronze", "acme_sales_refunds", [
      partition("bronze/tenant=globex/sales/refunds", "01"),
    ]);
    const list = async (table: string) => {
      const pages = [];
      for await (const page of scoped.listPartitions("bronze", table)) pages.push(...page);
      return pages;
    };
    expect((await list("acme_sales_orders")).map((p) => p.values)).toEqual([["01"]]);
    // Named like acme's, located in globex's folder: refused before a partition is read.
    const before = inner.calls.listPartitions ?? 0;
    expect(await refused(list("acme_sales_refunds"))).toMatch(
      /^refused to list partitions of `bronze.acme_sales_refunds`: outside tenant acme/,
    );
    expect(await refused(list("globex_sales_orders"))).toMatch(
      /^refused to list partitions of `bronze.globex_sales_orders`/,
    );
    expect(inner.calls.listPartitions ?? 0).toBe(before);
    // acme's table with a partition pointing into globex's folder: refused, not listed.
    await inner.addPartitions("bronze", "acme_sales_orders", [
      partition("bronze/tenant=globex/sales/orders", "02"),
    ]);
    expect(await refused(list("acme_sales_orders"))).toMatch(
      /^refused to list a partition at `\/lake\/bronze\/tenant=globex\/sales\/orders\/day=02`/,
    );
  });

  it("refuses changes to other tables and partitions pointing outside the tenant, changing nothing", async () => {
    const { inner, scoped } = await catalogs();
    expect(await refused(scoped.deleteTable("bronze", "globex_sales_orders"))).toMatch(
      /^refused to delete table `bronze.globex_sales_orders`: outside tenant acme/,
    );
    await refused(scoped.deleteTable("bronze", "acme_sales_refunds"));
    await refused(scoped.putTable(orders("acme_sales_x", "bronze/tenant=globex/sales/x")));
    await refused(
      scoped.addPartitions("bronze", "acme_sales_orders", [
        { values: ["15"], location: "/lake/bronze/tenant=globex/sales/orders/day=15", format: "json" },
      ]),
    );
    await refused(scoped.deletePartitions("bronze", "sales_orders", [["15"]]));
    expect((await inner.listTables("bronze")).length).toBe(4);
    const added = await scoped.addPartitions("bronze", "acme_sales_orders", [
      { values: ["15"], location: "/lake/bronze/tenant=acme/sales/orders/day=15", format: "json" },
    ]);
    expect(added.succeeded).toBe(1);
  });
});
