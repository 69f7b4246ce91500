import { cleanup } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { lakeSource } from "../../../components/lake-source.js";
import { syncSource } from "../../../components/sync/index.js";
import { loadConfig } from "../../../src/config/index.js";
import { lakeOnDisk, ORDERS_YAML, order } from "../lake-fixture.js";
import { renderSyncApp } from "./render-sync-app.js";

afterEach(() => cleanup());

describe("the browser on partitions that must not reach the catalog", () => {
  it("flags a _SUCCESS-only folder and month=13 in their rows, with the reason of the selected one", async () => {
    const { dir } = lakeOnDisk(ORDERS_YAML, {
      "bronze/sales/orders/year=2024/month=01/_SUCCESS": "",
      "bronze/sales/orders/year=2024/month=02/part-0.json": order(2),
      "bronze/sales/orders/year=2024/month=13/part-0.json": order(13),
    });
    const source = lakeSource(loadConfig({}, dir));
    const sync = syncSource(source.lake, { catalogKind: "local", readOnly: false });
    const app = renderSyncApp(sync, {
      size: { width: 160, height: 24 },
      source,
      start: { screen: "browser", params: { path: "bronze/sales/orders" } },
    });
    const frame = await app.waitForText("no data: _SUCCESS");
    const row = (text: string) => frame.split("\n").find((l) => l.includes(text)) ?? "";
    expect(row("month 01")).toContain("!");
    expect(row("month 13")).toContain("bad value: month=13");
    expect(row("month 02")).not.toContain("!");
    // The first row is selected: its whole reason is in the status line.
    expect(frame).toContain("holds no data file, only _SUCCESS");
  });
});
