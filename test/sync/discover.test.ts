import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { type Lake, openLake } from "../../src/lake/index.js";
import {
  diffScope,
  diffTable,
  isInSync,
  planTables,
  resolveScope,
  syncTables,
} from "../../src/sync/index.js";
import { lakeOnDisk, ORDERS_YAML, order } from "./lake-fixture.js";

const files = {
  "bronze/sales/orders/year=2024/month=01/part-0.json": order(1),
  "bronze/sales/orders/year=2024/month=01/_SUCCESS": "",
  "bronze/sales/orders/year=2024/month=02/part-0.json": order(2),
  "bronze/sales/orders/year=2024/month=03%3A00/part-0.json": order(3),
  "bronze/sales/orders/month=04/year=2024/part-0.json": order(4),
  "bronze/sales/orders/_temporary/x.json": order(5),
  "bronze/sales/orders/notes.txt": "hello",
  "bronze/sales/returns/dt=2024-01-01/part-0.csv": "id,Reason\n1,late\n",
};

let opened: Lake[] = [];
afterEach(async () => {
  for (const lake of opened) await lake.close();
  opened = [];
});

async function open(dir: string, flags: { readOnly?: boolean } = {}) {
  const lake = openLake(loadConfig(flags, dir));
  opened.push(lake);
  return { lake, catalog: await lake.catalog() };
}

describe("discovery on a local lake with the local catalog", () => {
  it("registers an unregistered table and adds its partitions, leaving anomalies alone", async () => {
    const { dir } = lakeOnDisk(ORDERS_YAML, files);
    const { lake, catalog } = await open(dir);
    const before = await diffTable(lake, catalog, "bronze/sales/orders");
    expect(before.tableIssues).toEqual(["not registered in the catalog as acme_bronze.sales_orders"]);
    expect(before.entries.map((e) => `${e.status} ${e.name}`)).toEqual([
      "anomaly month=04/year=2024",
      "anomaly notes.txt",
      "add year=2024/month=01",
      "add year=2024/month=02",
      "add year=2024/month=03%3A00",
    ]);
    expect(before.entries.find((e) => e.name === "year=2024/month=03%3A00")?.values).toEqual([
      "2024",
      "03:00",
    ]);

    const results = await syncTables(lake.store, catalog, planTables([before], catalog, false));
    expect(results[0]).toMatchObject({ registered: true, added: 3, failed: [] });
    const table = await catalog.getTable("acme_bronze", "sales_orders");
    expect(table?.columns).toEqual([
      { name: "orderid", type: "bigint" },
      { name: "amount", type: "double" },
      { name: "note", type: "string" },
    ]);
    expect(table?.format).toBe("json");

    const after = await diffTable(lake, catalog, "bronze/sales/orders");
    expect(after.counts).toMatchObject({ "in-sync": 3, add: 0, drop: 0, anomaly: 2 });
    expect(after.tableIssues).toEqual([]);
  });

  it("finds stale partitions, drops them only when asked, and never touches storage", async () => {
    const { dir, lake: root } = lakeOnDisk(ORDERS_YAML, files);
    const { lake, catalog } = await open(dir);
    const first = await diffTable(lake, catalog, "bronze/sales/orders");
    await syncTables(lake.store, catalog, planTables([first], catalog, false));
    await catalog.addPartitions("acme_bronze", "sales_orders", [
      { values: ["2023", "12"], location: `${root}/bronze/sales/orders/year=2023/month=12/`, format: "json" },
    ]);
    const stale = await diffTable(lake, catalog, "bronze/sales/orders");
    expect(stale.entries.filter((e) => e.status === "drop").map((e) => e.name)).toEqual([
      "year=2023/month=12",
    ]);

    const kept = planTables([stale], catalog, false)[0];
    expect(kept?.drops).toEqual([]);
    expect(kept?.staleKept).toBe(1);
    const [dropped] = await syncTables(lake.store, catalog, planTables([stale], catalog, true));
    expect(dropped?.dropped).toBe(1);
    expect((await diffTable(lake, catalog, "bronze/sales/orders")).counts.drop).toBe(0);
  });

  it("diffs a whole layer: declared tables, tables found only in storage, tables only in the catalog", async () => {
    const { dir, lake: root } = lakeOnDisk(ORDERS_YAML, files);
    const { lake, catalog } = await open(dir);
    await catalog.ensureDatabase("acme_bronze");
    await catalog.putTable({
      database: "acme_bronze",
      name: "sales_refunds",
      location: `${root}/bronze/sales/refunds`,
      format: "parquet",
      columns: [{ name: "id", type: "bigint" }],
      partitionKeys: [{ name: "dt", type: "string" }],
    });
    await catalog.addPartitions("acme_bronze", "sales_refunds", [
      { values: ["2024-01-01"], location: `${root}/bronze/sales/refunds/dt=2024-01-01`, format: "parquet" },
    ]);
    const diffs = await diffScope(lake, catalog, resolveScope(lake, "bronze"));
    expect(
      diffs.map((d) => `${d.table.path} ${d.table.format} add=${d.counts.add} drop=${d.counts.drop}`),
    ).toEqual([
      "bronze/sales/orders json add=3 drop=0",
      "bronze/sales/refunds parquet add=0 drop=1",
      "bronze/sales/returns csv add=1 drop=0",
    ]);
    expect(diffs[1]?.tableIssues).toEqual(["no data in storage: every registered partition is stale"]);
    // Neither declared nor registered: its keys are read from its folders.
    expect(diffs[2]?.table.partitionKeys).toEqual(["dt"]);
    expect(diffs.some(isInSync)).toBe(false);
  });

  it("says what is wrong when given something that is neither a table nor a layer", async () => {
    const { dir } = lakeOnDisk(ORDERS_YAML, files);
    const { lake } = await open(dir);
    expect(() => resolveScope(lake, "bronze/sales")).toThrow(
      /`bronze\/sales` is neither a table nor a layer/,
    );
    expect(resolveScope(lake, "bronze/sales/orders")).toEqual({ kind: "table", path: "bronze/sales/orders" });
    expect(resolveScope(lake, undefined)).toEqual({ kind: "lake" });
  });
});
