// The query screen on a real demo lake: Q in the browser opens the SQL prefilled with the browsed table
// and partition, Enter runs it with DuckDB, the rows show in the grid with what the query read and cost;
// a profiles the row under the cursor.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { cleanup } from "ink-testing-library";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { lakeSource } from "../../components/lake-source.js";
import { loadConfig } from "../../src/config/index.js";
import type { Lake } from "../../src/lake/index.js";
import { duck } from "../promote/shop-lake.js";
import { demoLake } from "../query/_lake.js";
import { KEYS, renderApp } from "./render-app.js";

let dir: string;
let lake: Lake;
const previousSettings = process.env.MEDALLION_SETTINGS_DIR;

beforeAll(async () => {
  ({ dir, lake } = await demoLake());
  process.env.MEDALLION_SETTINGS_DIR = mkdtempSync(path.join(tmpdir(), "medallion-query-screen-"));
}, 120_000);
afterAll(async () => {
  await lake?.close();
  process.env.MEDALLION_SETTINGS_DIR = previousSettings;
});
afterEach(() => cleanup());

describe("the query screen", () => {
  it("opens on Q with the browsed partition's query, runs it, and shows the rows and what it read", async () => {
    const app = renderApp({
      source: lakeSource(loadConfig({ config: path.join(dir, "medallion.yaml") })),
      size: { width: 140, height: 30 },
      start: { screen: "browser", params: { path: "silver/sales/orders" } },
    });
    await app.waitForText("day 28");
    await app.press("Q");
    await app.waitForText(
      "SQL> select * from silver.sales_orders where year = '2024' and month = '01' and day = '28' limit 100",
    );
    await app.press(KEYS.enter);
    let frame = await app.waitForText("read 1 of 4 partitions of silver.sales_orders", 60_000);
    expect(frame).toContain("100 rows");
    expect(frame).toMatch(/order_id/);

    // Edit: clear, type a count, run; the count is DuckDB's over the partition's files.
    await app.press("e", "\u0015");
    for (const ch of "select count(*) as n from silver.sales_orders where day = '28'") await app.press(ch);
    await app.press(KEYS.enter);
    frame = await app.waitForText("1 row", 60_000);
    const [direct] = await duck(
      `SELECT count(*) AS n FROM read_parquet('${dir}/silver/sales/orders/year=2024/month=01/day=28/*.parquet')`,
    );
    expect(frame).toMatch(new RegExp(`^1\\s+${Number(direct?.n)}$`, "m"));

    // An SQL error is one line, and the query stays to be fixed; ↑ recalls the last one run.
    await app.press("e", "\u0015");
    for (const ch of "select nope from silver.sales_orders") await app.press(ch);
    await app.press(KEYS.enter);
    await app.waitForText('Binder Error: Referenced column "nope" not found', 60_000);
    await app.press(KEYS.up);
    await app.waitForText("SQL> select count(*) as n from silver.sales_orders where day = '28'");
  }, 120_000);

  it("profiles the partition under the cursor on a, as medallion profile does, and scrolls to its last chart", async () => {
    const app = renderApp({
      source: lakeSource(loadConfig({ config: path.join(dir, "medallion.yaml") })),
      size: { width: 120, height: 30 },
      start: { screen: "browser", params: { path: "silver/sales/orders" } },
    });
    await app.waitForText("day 28");
    await app.press("a");
    let frame = await app.waitForText("distinct counts exact", 60_000);
    const [direct] = await duck(
      `SELECT count(*) AS n, count(DISTINCT customer_id) AS customers FROM read_parquet('${dir}/silver/sales/orders/year=2024/month=01/day=28/*.parquet')`,
    );
    expect(frame).toContain("Profile · silver/sales/orders/year=2024/month=01/day=28");
    expect(frame).toContain(`${Number(direct?.n).toLocaleString("en-US")} rows`);
    expect(frame).toMatch(
      new RegExp(
        `^customer_id\\s+bigint\\s+0\\s+${Number(direct?.customers).toLocaleString("en-US")}\\s`,
        "m",
      ),
    );
    await app.press("G");
    frame = await app.waitForText("year  varchar · top 1 value");
    expect(frame).toMatch(/^2024\s+[\d,]+\s+100%\s+█+$/m);
  }, 120_000);
});
