import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { ReadOnlyError } from "../../src/errors.js";
import { openLake } from "../../src/lake/index.js";

const yaml = `lake: ./lake
layers: { bronze: raw, silver: silver, gold: gold }
tables:
  raw/sales/orders: { partitionKeys: [year, month, day], format: json }
  raw/tenant=globex/sales/orders: { partitionKeys: [region], format: csv }
  silver/sales/customers: { format: parquet }
`;

function lakeDir(readOnly?: boolean): { dir: string; lake: ReturnType<typeof openLake> } {
  const dir = mkdtempSync(path.join(tmpdir(), "medallion-lake-"));
  writeFileSync(path.join(dir, "medallion.yaml"), yaml);
  return { dir, lake: openLake(loadConfig(readOnly === undefined ? {} : { readOnly }, dir)) };
}

describe("openLake", () => {
  it("builds the layout from the config", () => {
    const { lake } = lakeDir();
    expect(lake.layout.layers).toEqual(["raw", "silver", "gold"]);
    expect(lake.parse("raw/sales/orders/month=01/").anomalies.map((a) => a.kind)).toEqual([
      "keys-out-of-order",
    ]);
  });

  it("writes through the store when not read-only", async () => {
    const { dir, lake } = lakeDir();
    expect(lake.readOnly).toBe(false);
    await lake.store.put("raw/sales/orders/year=2024/month=01/day=15/p.json", "{}\n");
    expect(existsSync(path.join(dir, "lake/raw/sales/orders/year=2024/month=01/day=15/p.json"))).toBe(true);
    expect(lake.store.root).toBe(path.join(dir, "lake"));
    expect(lake.location).toBe(path.join(dir, "lake"));
  });

  it("refuses writes and deletes with readOnly, and still reads", async () => {
    const { dir, lake: writable } = lakeDir();
    await writable.store.put("raw/sales/orders/year=2024/month=01/day=15/p.json", "{}\n");
    const lake = openLake(loadConfig({ readOnly: true }, dir));
    expect(lake.readOnly).toBe(true);
    await expect(lake.store.put("raw/x.json", "{}")).rejects.toThrow(ReadOnlyError);
    await expect(lake.store.delete(["raw/sales/orders/year=2024/month=01/day=15/p.json"])).rejects.toThrow(
      /^refused to delete `raw\/sales\/orders\/year=2024\/month=01\/day=15\/p.json`: Medallion is in read-only mode/,
    );
    expect(existsSync(path.join(dir, "lake/raw/x.json"))).toBe(false);
    const keys: string[] = [];
    for await (const page of lake.store.list("raw/")) keys.push(...page.objects.map((o) => o.key));
    expect(keys).toEqual(["raw/sales/orders/year=2024/month=01/day=15/p.json"]);
    expect(lake.store.requests.ListObjectsV2).toBeGreaterThan(0);
  });

  it("resolves lake paths and file paths of a local lake", () => {
    const { dir, lake } = lakeDir();
    expect(lake.resolve("raw/sales/orders/year=2024")).toBe("raw/sales/orders/year=2024");
    expect(lake.resolve(path.join(dir, "lake", "silver/sales/"))).toBe("silver/sales/");
    expect(() => lake.resolve(path.join(dir, "elsewhere"))).toThrow(
      `\`${path.join(dir, "elsewhere")}\` is outside the lake ${path.join(dir, "lake")}: give a path under it`,
    );
  });

  it("opens an S3 lake without touching the network and resolves its URIs", () => {
    const lake = openLake(loadConfig({ lake: "s3://acme-lake/prod", readOnly: true }));
    expect(lake.location).toBe("s3://acme-lake/prod");
    expect(lake.resolve("s3://acme-lake/prod/gold/sales/revenue/")).toBe("gold/sales/revenue/");
    expect(() => lake.resolve("s3://acme-lake/dev/gold")).toThrow(/outside the lake s3:\/\/acme-lake\/prod/);
  });

  it("finds a table's config and declared keys from any path inside it", () => {
    const { lake } = lakeDir();
    expect(lake.tableConfig("raw/sales/orders")?.format).toBe("json");
    expect(lake.tableConfig("raw/sales/orders/year=2024/month=01")?.format).toBe("json");
    expect(lake.partitionKeys("raw/sales/orders/")).toEqual(["year", "month", "day"]);
    expect(lake.partitionKeys("raw/sales")).toBeUndefined();
    expect(lake.tableConfig("raw/sales")).toBeUndefined();
  });

  it("falls back to the tenant-less table for a tenant without its own entry", () => {
    const { lake } = lakeDir();
    expect(lake.tableConfig("raw/tenant=acme/sales/orders")?.format).toBe("json");
    expect(lake.partitionKeys("raw/tenant=acme/sales/orders")).toEqual(["year", "month", "day"]);
    expect(lake.tableConfig("raw/tenant=globex/sales/orders")?.format).toBe("csv");
    expect(lake.partitionKeys("raw/tenant=globex/sales/orders")).toEqual(["region"]);
  });

  it("reports no keys for a table declared without any, and none for unknown tables", () => {
    const { lake } = lakeDir();
    expect(lake.tableConfig("silver/sales/customers")?.format).toBe("parquet");
    expect(lake.partitionKeys("silver/sales/customers")).toBeUndefined();
    expect(lake.tableConfig("gold/sales/revenue")).toBeUndefined();
  });

  it("opens the catalog once, on first use, kept with a local lake", async () => {
    const { dir, lake } = lakeDir();
    const catalogFile = path.join(dir, "lake/_medallion/catalog.sqlite");
    const catalog = await lake.catalog();
    expect(await lake.catalog()).toBe(catalog);
    expect(catalog.kind).toBe("local");
    await catalog.ensureDatabase("raw");
    expect(existsSync(catalogFile)).toBe(true);
    expect(await catalog.listDatabases()).toEqual(["raw"]);
    await lake.close();
  });

  it("refuses catalog changes with readOnly, and still reads the catalog", async () => {
    const { dir, lake: writable } = lakeDir();
    await (await writable.catalog()).ensureDatabase("raw");
    await writable.close();
    const lake = openLake(loadConfig({ readOnly: true }, dir));
    const catalog = await lake.catalog();
    await expect(catalog.ensureDatabase("silver")).rejects.toThrow(
      /^refused to create database `silver`: Medallion is in read-only mode/,
    );
    await expect(
      catalog.addPartitions("raw", "sales_orders", [
        { values: ["2024", "01", "15"], location: dir, format: "json" },
      ]),
    ).rejects.toThrow(ReadOnlyError);
    expect(await catalog.listDatabases()).toEqual(["raw"]);
    await lake.close();
  });

  it("creates no catalog file when a read-only lake is refused a change", async () => {
    const { dir } = lakeDir();
    const lake = openLake(loadConfig({ readOnly: true }, dir));
    await expect((await lake.catalog()).ensureDatabase("raw")).rejects.toThrow(ReadOnlyError);
    expect(existsSync(path.join(dir, "lake/_medallion"))).toBe(false);
  });

  it("guards a Glue catalog before it is even loaded", async () => {
    const lake = openLake(loadConfig({ lake: "s3://acme-lake/prod", catalog: "glue", readOnly: true }));
    const catalog = await lake.catalog();
    expect(catalog.kind).toBe("glue");
    await expect(catalog.deletePartitions("gold", "sales_revenue", [["2024"]])).rejects.toThrow(
      "refused to delete 1 partition from `gold.sales_revenue`: Medallion is in read-only mode",
    );
    expect(catalog.calls).toEqual({});
  });
});
