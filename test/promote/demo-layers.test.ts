import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LocalCatalog, localCatalogFile } from "../../src/catalog/index.js";
import { createDemoLake } from "../../src/demo/index.js";
import { duck } from "./shop-lake.js";

describe("the demo lake's silver and gold", () => {
  it("holds as many rows as Medallion reports when DuckDB globs each table, all registered in the catalog", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "medallion-demo-layers-")), "lake");
    const summary = await createDemoLake(dir, { days: 3, endDate: new Date(Date.UTC(2024, 0, 31)) });
    expect(summary.promoted.map((p) => p.table)).toEqual([
      "silver/sales/orders",
      "silver/sales/customers",
      "silver/sales/payments",
      "gold/sales/daily_revenue",
    ]);
    for (const promoted of summary.promoted) {
      const [row] = await duck(
        `SELECT count(*) AS n FROM read_parquet('${dir}/${promoted.table}/**/*.parquet', hive_partitioning = true)`,
      );
      expect(Number(row?.n), promoted.table).toBe(promoted.rows);
      expect(promoted.rows, promoted.table).toBeGreaterThan(0);
    }
    // The planted dirt is caught: malformed created_at, null emails, uncaptured payments.
    const rejected = Object.fromEntries(summary.promoted.map((p) => [p.table, p.rejected]));
    expect(rejected["silver/sales/orders"]).toBeGreaterThan(0);
    expect(rejected["silver/sales/customers"]).toBeGreaterThan(0);
    const [rules] = await duck(
      `SELECT list(DISTINCT _rule ORDER BY _rule) AS rules FROM read_parquet('${dir}/silver/sales/*__rejects/**/*.parquet')`,
    );
    expect(rules?.rules).toEqual(expect.arrayContaining(["required:email", "type:created_at"]));
    // Gold agrees with silver: its orders per day are the distinct non-cancelled orders of that day.
    const [check] = await duck(`
      WITH g AS (SELECT sum(orders) AS n FROM read_parquet('${dir}/gold/sales/daily_revenue/**/*.parquet')),
           s AS (SELECT count(DISTINCT order_id) AS n FROM read_parquet('${dir}/silver/sales/orders/**/*.parquet') WHERE status <> 'cancelled')
      SELECT g.n = s.n AS same FROM g, s`);
    expect(check?.same).toBe(true);

    const catalog = new LocalCatalog(localCatalogFile({ kind: "local", path: dir }));
    try {
      expect((await catalog.listTables("silver")).map((t) => t.name).sort()).toEqual([
        "sales_customers",
        "sales_customers__rejects",
        "sales_orders",
        "sales_orders__rejects",
        "sales_payments",
        "sales_payments__rejects",
      ]);
      const gold = await catalog.getTable("gold", "sales_daily_revenue");
      expect(gold?.columns.map((c) => `${c.name} ${c.type}`)).toEqual([
        "day string",
        "currency string",
        "orders bigint",
        "revenue decimal(38,2)",
        "payments bigint",
        "paid decimal(38,2)",
      ]);
      const partitions = [];
      for await (const page of catalog.listPartitions("gold", "sales_daily_revenue"))
        partitions.push(...page);
      expect(partitions.map((p) => p.values.join("/"))).toEqual(["2024/01"]);
    } finally {
      await catalog.close();
    }
  }, 180_000);
});
