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

/** Ctrl-R runs the query (Enter starts a new line). */
const RUN = "\u0012";

function queryApp(sql: string, width = 120) {
  return renderApp({
    source: lakeSource(loadConfig({ config: path.join(dir, "medallion.yaml") })),
    size: { width, height: 30 },
    start: { screen: "query", params: { sql } },
  });
}

async function type(app: ReturnType<typeof queryApp>, text: string) {
  for (const ch of text) await app.press(ch);
}

describe("the query screen", () => {
  it("edits the SQL at a cursor, over several lines, and runs it with Ctrl-R", async () => {
    const app = queryApp("select 2 as b");
    await app.waitForText("SQL> select 2 as b▏");
    expect(app.frame()).toContain("ctrl-r run  ⏎ new line");
    // Five left: the cursor after the 2; Backspace erases it, 40 goes in its place.
    await app.press(...Array(5).fill(KEYS.left), KEYS.backspace);
    await type(app, "40");
    await app.waitForText("SQL> select 40▏ as b");
    // Enter breaks the line at the cursor; Home, then Ctrl-D erases the space under the cursor.
    await app.press(KEYS.enter, "\u001b[H", "\u0004");
    const frame = await app.waitForText("   > ▏as b");
    expect(frame).toContain("SQL> select 40\n");
    // Up goes to the first line (not an older query), End to its end.
    await app.press(KEYS.up, "\u001b[F");
    await app.waitForText("SQL> select 40▏");
    await app.press(RUN);
    await app.waitForText("1 row", 60_000);
    await app.waitFor((f) => /^\s*1\s+40\s*$/m.test(f), "the row");
  }, 120_000);

  it("profiles a column of the results on a: every row of the query, not only those shown", async () => {
    const partition = `${dir}/silver/sales/orders/year=2024/month=01/day=28/*.parquet`;
    const app = queryApp("select status, amount from silver.sales_orders where day = '28'");
    await app.waitForText("SQL> select status");
    await app.press(RUN);
    await app.waitForText("column status", 60_000);
    await app.press(KEYS.right, "a");
    const frame = await app.waitForText("distinct counts exact", 60_000);
    const [direct] = await duck(
      `SELECT count(*) AS n, min(amount)::VARCHAR AS least, max(amount)::VARCHAR AS most FROM read_parquet('${partition}')`,
    );
    expect(frame).toContain("Profile · query · amount");
    expect(frame).toContain(`${Number(direct?.n).toLocaleString("en-US")} rows`);
    expect(frame).toMatch(
      new RegExp(`^amount\\s+decimal\\(10,2\\)\\s+0\\s+[\\d,]+\\s+${direct?.least}\\s+${direct?.most}`, "m"),
    );
    expect(frame).not.toMatch(/^status\s/m);
  }, 120_000);

  it("shows the rows in the preview's grid: a record on Enter, s sorts, e writes CSV, JSON lines and Parquet", async () => {
    const partition = `${dir}/silver/sales/orders/year=2024/month=01/day=28/*.parquet`;
    const sql =
      "select order_id, amount, status from silver.sales_orders where day = '28' order by order_id limit 60";
    const app = queryApp(sql);
    await app.waitForText("SQL> select order_id");
    await app.press(RUN);
    await app.waitForText("60 rows", 60_000);
    const [first] = await duck(`SELECT order_id FROM read_parquet('${partition}') ORDER BY order_id LIMIT 1`);
    let frame = await app.waitFor(
      (f) => new RegExp(`^\\s*1\\s+${first?.order_id}\\s`, "m").test(f),
      "the first row",
    );
    expect(frame).toContain("column order_id");

    // Enter: the row as a record; Esc back to the rows.
    await app.press(KEYS.enter);
    frame = await app.waitForText("record: row 1 of 60");
    expect(frame).toMatch(new RegExp(`^order_id\\s+${first?.order_id}$`, "m"));
    await app.press(KEYS.esc);
    await app.waitForText("column order_id");

    // s s on amount: the largest of the 60 first.
    const [most] = await duck(
      `SELECT max(amount)::VARCHAR AS amount FROM (SELECT amount FROM read_parquet('${partition}') ORDER BY order_id LIMIT 60)`,
    );
    await app.press(KEYS.right, "s", "s");
    frame = await app.waitForText("sorted by amount ↓");
    expect(frame).toMatch(
      new RegExp(`^\\s*\\d+\\s+\\S+\\s+${String(most?.amount).replace(".", "\\.")}\\s`, "m"),
    );
    await app.press(KEYS.esc);
    await app.waitForText("column amount");

    // e: the format, then the file's name; DuckDB reads each file back.
    const out = mkdtempSync(path.join(tmpdir(), "medallion-query-export-"));
    const [direct] = await duck(
      `SELECT count(*) AS n, sum(amount)::VARCHAR AS total FROM (SELECT amount FROM read_parquet('${partition}') ORDER BY order_id LIMIT 60)`,
    );
    const readers: Record<string, (file: string) => string> = {
      c: (file) => `read_csv('${file}')`,
      j: (file) => `read_json('${file}')`,
      p: (file) => `read_parquet('${file}')`,
    };
    for (const [key, extension] of [
      ["c", "csv"],
      ["j", "jsonl"],
      ["p", "parquet"],
    ] as const) {
      await app.press("e");
      await app.waitForText("export the rows as: c CSV · j JSON lines · p Parquet");
      await app.press(key);
      await app.waitForText(`to: query-result.${extension}▏`);
      await app.press(...Array(`query-result.${extension}`.length).fill(KEYS.backspace));
      const file = path.join(out, `orders.${extension}`);
      await type(app, file);
      await app.press(KEYS.enter);
      await app.waitForText(`60 rows written to ${file} (every row of the query)`, 60_000);
      const [back] = await duck(
        `SELECT count(*) AS n, sum(amount::DECIMAL(10,2))::VARCHAR AS total FROM ${readers[key]?.(file)}`,
      );
      expect(back).toEqual(direct);
    }
  }, 180_000);

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
    await app.press(RUN);
    await app.waitForText("read 1 of 4 partitions of silver.sales_orders", 60_000);
    let frame = await app.waitForText("order_id");
    expect(frame).toContain("100 rows");

    // Edit: clear, type a count, run; the count is DuckDB's over the partition's files.
    await app.press(KEYS.esc, "\u0015");
    for (const ch of "select count(*) as n from silver.sales_orders where day = '28'") await app.press(ch);
    await app.press(RUN);
    await app.waitForText("1 row", 60_000);
    const [direct] = await duck(
      `SELECT count(*) AS n FROM read_parquet('${dir}/silver/sales/orders/year=2024/month=01/day=28/*.parquet')`,
    );
    frame = await app.waitFor(
      (f) => new RegExp(`^\\s*1\\s+${Number(direct?.n)}\\s*$`, "m").test(f),
      "the count",
    );

    // An SQL error is one line, and the query stays to be fixed; ↑ recalls the last one run.
    await app.press(KEYS.esc, "\u0015");
    for (const ch of "select nope from silver.sales_orders") await app.press(ch);
    await app.press(RUN);
    await app.waitForText('Binder Error: Referenced column "nope" not found', 60_000);
    await app.press(KEYS.up);
    await app.waitForText("SQL> select count(*) as n from silver.sales_orders where day = '28'▏");
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
