import { cleanup } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { lakeSource } from "../../../components/lake-source.js";
import { syncSource } from "../../../components/sync/index.js";
import { loadConfig } from "../../../src/config/index.js";
import type { Lake } from "../../../src/lake/index.js";
import { diffTable, planTables, syncTables } from "../../../src/sync/index.js";
import { lakeOnDisk, ORDERS_YAML, order } from "../lake-fixture.js";
import { KEYS, renderSyncApp } from "./render-sync-app.js";

let lakes: Lake[] = [];
afterEach(async () => {
  cleanup();
  for (const lake of lakes) await lake.close();
  lakes = [];
});

describe("the browser's partition list", () => {
  it("shows a partition that only the catalog holds as a stale row with no objects", async () => {
    const { dir, lake: root } = lakeOnDisk(ORDERS_YAML, {
      "bronze/sales/orders/year=2024/month=01/part-0.json": order(1),
      "bronze/sales/orders/year=2024/month=02/part-0.json": order(2),
    });
    // The real listing and the real diff, over one opened lake.
    const source = lakeSource(loadConfig({}, dir));
    const lake = await source.lake();
    lakes.push(lake);
    const catalog = await lake.catalog();
    await syncTables(
      lake.store,
      catalog,
      planTables([await diffTable(lake, catalog, "bronze/sales/orders")], catalog, false),
    );
    await catalog.addPartitions("acme_bronze", "sales_orders", [
      { values: ["2023", "12"], location: `${root}/bronze/sales/orders/year=2023/month=12/`, format: "json" },
    ]);

    const sync = syncSource(source.lake, { catalogKind: "local", readOnly: false });
    const app = renderSyncApp(sync, {
      source,
      start: { screen: "browser", params: { path: "bronze/sales/orders" } },
    });
    const frame = await app.waitForText("- stale");
    const row = (text: string) => frame.split("\n").find((l) => l.includes(text)) ?? "";
    expect(row("2023")).toMatch(/- stale\s+0\s+0 B/);
    expect(row("year 2024 · month 01")).toContain("✓ in sync");
    expect(frame).toContain("3 partitions");
    // Inside a table, d and s are in the footer (the lake is not read-only).
    expect(frame).toMatch(/d diff {2}s sync/);

    // `/` matches the catalog state as shown, not only the folder names.
    await app.press("/", ..."stale", KEYS.enter);
    const filtered = await app.waitForText("1 of 3");
    expect(filtered).toContain("year 2023 · month 12");
    expect(filtered).not.toContain("year 2024 · month 01");
    await app.press(KEYS.esc);
    await app.waitForText("3 partitions");

    // d on the table still lists it, as the one to drop.
    await app.press("d");
    const diff = await app.waitForText("1 stale");
    expect(diff).toContain("- stale    year=2023/month=12");
    await app.press(KEYS.esc);
    await app.waitForText("- stale");
  });
});
