import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Catalog } from "../../src/catalog/catalog.js";
import { loadConfig } from "../../src/config/index.js";
import { createDemoLake } from "../../src/demo/index.js";
import { type Lake, openLake } from "../../src/lake/index.js";
import { registerTable, tableRef } from "../../src/sync/index.js";

let dir: string;
let lake: Lake;
let catalog: Catalog;

function put(key: string, body: string): void {
  const file = path.join(dir, ...key.split("/"));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, body);
}

beforeAll(async () => {
  dir = path.join(mkdtempSync(path.join(tmpdir(), "medallion-register-")), "lake");
  // Six days: coupon_code appears in the orders from the fourth day (mid-way), as in the 30-day demo.
  const demo = await createDemoLake(dir, { days: 6, endDate: new Date(Date.UTC(2024, 0, 31)) });
  expect(demo.couponFrom).toBe("2024-01-29");
  lake = openLake(loadConfig({}, dir));
  catalog = await lake.catalog();
}, 60_000);
afterAll(() => lake?.close());

/** Column names of a lake table as the catalog holds them. */
async function names(table: string): Promise<string[]> {
  const ref = tableRef(lake, table);
  return (await catalog.getTable(ref.database, ref.name))?.columns.map((c) => c.name) ?? [];
}

describe("catalog register picks its samples from the oldest and newest valid partitions", () => {
  it("registers a column that appeared mid-month (the demo's coupon_code), appended after the old ones", async () => {
    const columns = await names("bronze/sales/orders");
    expect(columns).toContain("coupon_code");
    expect(columns.at(-1)).toBe("coupon_code");
    expect(columns[0]).toBe("order_id");
  });

  it("is not broken by a junk folder, keys out of order or a _temporary folder under the table", async () => {
    put("bronze/sales/orders/junkfolder/notes.json", "this is not json\n");
    put("bronze/sales/orders/month=01/year=2026/day=01/part-0.json", "not json either\n");
    put("bronze/sales/orders/_temporary/0/part-0.json", "{broken\n");
    put("bronze/sales/orders/year=2024/month=01/day=31/_SUCCESS", "");
    const ref = tableRef(lake, "bronze/sales/orders");
    const registration = await registerTable(lake.store, catalog, ref);
    expect(registration.created).toBe(false);
    expect(registration.samples).toEqual([
      expect.stringMatching(/^bronze\/sales\/orders\/year=2024\/month=01\/day=26\/part-\d+\.json$/),
      expect.stringMatching(/^bronze\/sales\/orders\/year=2024\/month=01\/day=31\/part-\d+\.json$/),
    ]);
    expect(registration.table.columns.map((c) => c.name)).toContain("coupon_code");
    expect(await names("bronze/sales/orders")).toContain("coupon_code");
  });

  it("orders partition values as numbers, so month=10 is newer than month=9", async () => {
    put("bronze/web/visits/year=2024/month=9/part-0.json", '{"page":"a"}\n');
    put("bronze/web/visits/year=2024/month=10/part-0.json", '{"page":"b","referrer":"x"}\n');
    const ref = tableRef(lake, "bronze/web/visits");
    const registration = await registerTable(lake.store, catalog, { ...ref, format: "json" });
    expect(registration.samples).toEqual([
      "bronze/web/visits/year=2024/month=9/part-0.json",
      "bronze/web/visits/year=2024/month=10/part-0.json",
    ]);
    expect(registration.table.columns.map((c) => c.name)).toEqual(["page", "referrer"]);
  });
});
