import { cleanup } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { syncSourceFor } from "../../../components/sync/index.js";
import { loadConfig } from "../../../src/config/index.js";
import { type Lake, openLake } from "../../../src/lake/index.js";
import { lakeOnDisk, ORDERS_YAML, order } from "../lake-fixture.js";
import { KEYS, renderSyncApp } from "./render-sync-app.js";

const files = {
  "bronze/sales/orders/year=2024/month=01/part-0.json": order(1),
  "bronze/sales/orders/year=2024/month=02/part-0.json": order(2),
  "bronze/sales/orders/year=2024/month=03/part-0.json": order(3),
  "bronze/sales/orders/month=04/year=2024/part-0.json": order(4),
};

let lakes: Lake[] = [];
afterEach(async () => {
  cleanup();
  for (const lake of lakes) await lake.close();
  lakes = [];
});

function diskLake(yaml = ORDERS_YAML) {
  const { dir, lake: root } = lakeOnDisk(yaml, files);
  const lake = openLake(loadConfig({}, dir));
  lakes.push(lake);
  return { lake, root };
}

const diffOf = (path: string) => ({ start: { screen: "diff", params: { path } } });

describe("the diff screen", () => {
  it("shows counts by class, then the partitions; s states the plan, y applies it, and the table ends in sync", async () => {
    const { lake } = diskLake();
    const app = renderSyncApp(syncSourceFor(lake), diffOf("bronze/sales/orders"));
    let frame = await app.waitForText("3 to add");
    expect(frame).toContain("bronze/sales/orders → acme_bronze.sales_orders (local catalog)");
    expect(frame).toContain("0 in sync · 3 to add · 1 anomaly");
    expect(frame).toContain("! not registered in the catalog as acme_bronze.sales_orders");
    expect(frame).toContain("+ to add   year=2024/month=01");
    expect(frame).toContain("! anomaly  month=04/year=2024");

    await app.press("\t");
    frame = await app.waitForText("showing to add");
    expect(frame).not.toContain("month=04/year=2024");

    await app.press("s");
    frame = await app.waitForText("Sync the local catalog?");
    expect(frame).toContain("• register acme_bronze.sales_orders from one of its files");
    expect(frame).toContain("• add 3 partitions");
    expect(frame).toContain("• leave 1 drift/anomaly as reported (never synced)");
    expect(frame).toContain("• 2 catalog calls");
    await app.press("y");
    frame = await app.waitForText("Sync done");
    expect(frame).toContain("bronze/sales/orders: registered, added 3");
    await app.press(KEYS.enter);
    frame = await app.waitForText("3 in sync · 1 anomaly");
    expect(frame).toContain("nothing in this class");
  });

  it("keeps stale partitions unless x is pressed in the confirmation", async () => {
    const { lake, root } = diskLake();
    const catalog = await lake.catalog();
    const app = renderSyncApp(syncSourceFor(lake), diffOf("bronze/sales/orders"));
    await app.waitForText("3 to add");
    await app.press("s");
    await app.waitForText("Sync the local catalog?");
    await app.press("y");
    await app.waitForText("Sync done");
    await catalog.addPartitions("acme_bronze", "sales_orders", [
      { values: ["2023", "12"], location: `${root}/bronze/sales/orders/year=2023/month=12/`, format: "json" },
    ]);
    await app.press(KEYS.enter);
    await app.waitForText("1 stale");
    await app.press("s");
    let frame = await app.waitForText("• keep 1 stale partition (x drops them)");
    expect(frame).toContain("• nothing to change");
    await app.press("x");
    frame = await app.waitForText("• drop 1 stale partition");
    expect(frame).toContain("stale partitions will be dropped (x keeps them)");
    await app.press("y");
    frame = await app.waitForText("Sync done");
    expect(frame).toContain("dropped 1");
    await app.press(KEYS.enter);
    frame = await app.waitForText("3 in sync");
    expect(frame).not.toContain("stale");
  });

  it("lists the partitions that failed, with why", async () => {
    const { lake, root } = diskLake();
    const catalog = await lake.catalog();
    await catalog.ensureDatabase("acme_bronze");
    const table = {
      database: "acme_bronze",
      name: "sales_orders",
      location: `${root}/bronze/sales/orders/`,
      format: "json" as const,
      columns: [{ name: "orderid", type: "bigint" }],
      partitionKeys: [
        { name: "year", type: "string" },
        { name: "month", type: "string" },
      ],
    };
    await catalog.putTable(table);
    const app = renderSyncApp(syncSourceFor(lake), diffOf("bronze/sales/orders"));
    let frame = await app.waitForText("3 to add");
    // Someone drops the table between the diff and the sync: every add fails for its own partition.
    await catalog.deleteTable(table.database, table.name);
    await app.press("s");
    await app.waitForText("Sync the local catalog?");
    await app.press("y");
    frame = await app.waitForText("Sync finished with failures");
    expect(frame).toContain("3 failures");
    expect(frame).toMatch(/failed to add 2024\/01: table acme_bronze\.sales_orders not found/);
  });

  it("adds nothing while the catalog's partition keys differ, and says how to fix the table", async () => {
    const { lake, root } = diskLake();
    const catalog = await lake.catalog();
    // Registered with one key while the folders have two: every add would fail.
    await catalog.ensureDatabase("acme_bronze");
    await catalog.putTable({
      database: "acme_bronze",
      name: "sales_orders",
      location: `${root}/bronze/sales/orders/`,
      format: "json",
      columns: [{ name: "orderid", type: "bigint" }],
      partitionKeys: [{ name: "year", type: "string" }],
    });
    const app = renderSyncApp(syncSourceFor(lake), diffOf("bronze/sales/orders"));
    const frame = await app.waitForText("3 to add");
    expect(frame).toContain("partition keys differ: the catalog has year, storage has year, month");
    await app.press("s");
    const plan = await app.waitForText("not synced: partition keys differ");
    expect(plan).not.toContain("add 3 partitions");
  });

  it("refuses to sync in read-only mode, saying why", async () => {
    const { dir } = lakeOnDisk(ORDERS_YAML, files);
    const lake = openLake(loadConfig({ readOnly: true }, dir));
    lakes.push(lake);
    const app = renderSyncApp(syncSourceFor(lake), diffOf("bronze/sales/orders"));
    await app.waitForText("3 to add");
    await app.press("s");
    const frame = await app.waitForText("read-only mode: sync refused");
    expect(frame).not.toContain("Sync the local catalog?");
  });
});
