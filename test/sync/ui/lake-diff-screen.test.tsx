import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { cleanup } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { syncSourceFor } from "../../../components/sync/index.js";
import { loadConfig } from "../../../src/config/index.js";
import { type Lake, openLake } from "../../../src/lake/index.js";
import { diffTable, planTables, syncTables } from "../../../src/sync/index.js";
import { lakeOnDisk, ORDERS_YAML, order } from "../lake-fixture.js";
import { KEYS, renderSyncApp } from "./render-sync-app.js";

let lakes: Lake[] = [];
afterEach(async () => {
  cleanup();
  for (const lake of lakes) await lake.close();
  lakes = [];
});

describe("the lake-wide diff screen and the browser's catalog column", () => {
  it("lists the tables out of step (a shows all) and opens a table's diff with Enter", async () => {
    const { dir } = lakeOnDisk(ORDERS_YAML, {
      "bronze/sales/orders/year=2024/month=01/part-0.json": order(1),
      "bronze/sales/returns/dt=2024-01-01/part-0.csv": "id,reason\n1,late\n",
    });
    const lake = openLake(loadConfig({}, dir));
    lakes.push(lake);
    const catalog = await lake.catalog();
    await syncTables(
      lake.store,
      catalog,
      planTables([await diffTable(lake, catalog, "bronze/sales/returns")], catalog, false),
    );

    // Opened from the palette, as a user would: `:catalog` Enter.
    const app = renderSyncApp(syncSourceFor(lake), { start: { screen: "browser", params: { path: "" } } });
    await app.waitForText("bronze/");
    await app.press(":", ..."catalog".split(""), KEYS.enter);
    let frame = await app.waitForText("lake-wide · 2 tables read, 1 out of sync (a shows all)");
    expect(frame).toContain("bronze/sales/orders");
    expect(frame).toMatch(/bronze\/sales\/orders\s+—\s+unregistered\s+0 in sync · 1 to add/);
    expect(frame).toContain("0 in sync · 1 to add");
    expect(frame).not.toContain("bronze/sales/returns");
    await app.press("a");
    frame = await app.waitForText("bronze/sales/returns");
    expect(frame).toContain("acme_bronze.sales_returns");
    await app.press("a", KEYS.enter);
    frame = await app.waitForText("bronze/sales/orders → acme_bronze.sales_orders (local catalog)");
    expect(frame).toContain("+ to add   year=2024/month=01");
  });

  it("gives long table names the width there is (160 columns), not 20", async () => {
    const { dir } = lakeOnDisk("database: acme_{layer}\n", {
      "bronze/sales/order_line_items_by_channel/dt=2024-01-01/part-0.csv": "id\n1\n",
      "bronze/hr/staff/dt=2024-01-01/part-0.csv": "id\n1\n",
    });
    const lake = openLake(loadConfig({}, dir));
    lakes.push(lake);
    const app = renderSyncApp(syncSourceFor(lake), {
      start: { screen: "catalog" },
      size: { width: 160, height: 20 },
    });
    const frame = await app.waitForText("2 tables read");
    expect(frame).toMatch(
      /bronze\/sales\/order_line_items_by_channel\s+—\s+unregistered\s+0 in sync · 1 to add/,
    );
  });

  it("shows each table's catalog state at the level of tables, without opening it", async () => {
    const { dir, lake: root } = lakeOnDisk(ORDERS_YAML, {
      "bronze/sales/orders/year=2024/month=01/part-0.json": order(1),
      "bronze/sales/payments/dt=2024-01-01/part-0.csv": "id\n1\n",
    });
    const lake = openLake(loadConfig({}, dir));
    lakes.push(lake);
    const catalog = await lake.catalog();
    const tables = ["bronze/sales/orders", "bronze/sales/payments"];
    const diffs = await Promise.all(tables.map((t) => diffTable(lake, catalog, t)));
    await syncTables(lake.store, catalog, planTables(diffs, catalog, false));
    mkdirSync(path.join(root, "bronze/sales/orders/year=2024/month=02"), { recursive: true });
    writeFileSync(path.join(root, "bronze/sales/orders/year=2024/month=02/part-0.json"), order(2));

    // The browser lists the fake lake's tables of bronze/sales; their states come from the real catalog.
    const app = renderSyncApp(syncSourceFor(lake), {
      start: { screen: "browser", params: { path: "bronze/sales" } },
    });
    const frame = await app.waitFor((f) => !f.includes("…") && f.includes("in sync"), "every table's state");
    const row = (text: string) => frame.split("\n").find((l) => l.includes(text)) ?? "";
    expect(row("orders/")).toContain("+ 1 to add");
    expect(row("payments/")).toContain("✓ in sync");
    expect(row("customers/")).toContain("unregistered");
  });

  it("shows each partition's catalog status in the browser", async () => {
    const { dir } = lakeOnDisk(
      "database: acme_{layer}\ntables:\n  bronze/sales/payments:\n    partitionKeys: [year, month]\n",
      {
        "bronze/sales/payments/year=2024/month=01/part-0.parquet": "x",
        "bronze/sales/payments/month=02/year=2024/part-0.parquet": "x",
      },
    );
    const lake = openLake(loadConfig({}, dir));
    lakes.push(lake);
    // The browser lists the fake lake's payments partitions; the catalog column comes from the real diff.
    const app = renderSyncApp(syncSourceFor(lake), {
      start: { screen: "browser", params: { path: "bronze/sales/payments" } },
    });
    const frame = await app.waitForText("+ to add");
    const row = (text: string) => frame.split("\n").find((l) => l.includes(text)) ?? "";
    expect(row("year 2024 · month 01")).toContain("+ to add");
    expect(row("month 02 · year 2024")).toContain("! anomaly");

    // d opens the table's diff; back in the browser, s goes straight to the sync's confirmation.
    await app.press("d");
    await app.waitForText("bronze/sales/payments → acme_bronze.sales_payments (local catalog)");
    await app.press(KEYS.esc);
    await app.waitForText("year 2024 · month 01");
    await app.press("s");
    const confirm = await app.waitForText("Sync the local catalog?");
    expect(confirm).toContain("• add 1 partition");
  });
});
