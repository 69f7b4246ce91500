import { cleanup } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { COLUMNS } from "./fake-lake.js";
import { KEYS, renderApp } from "./render-app.js";

afterEach(() => cleanup());

const FILE = "bronze/sales/payments/year=2024/month=01/part-0.parquet";

function previewApp(size = { width: 100, height: 30 }) {
  return renderApp({ size, start: { screen: "preview", params: { path: FILE } } });
}

describe("preview", () => {
  it("shows the first rows in a grid with row numbers and only the columns that fit", async () => {
    const app = previewApp();
    const frame = await app.waitForText("payment_id-0");
    // 30 lines: header, title, tabs, grid header, status, position, footer, and 23 rows.
    expect(frame).toContain("rows 1–23 of 1,000 · row group 1/2");
    expect(frame).toContain("parquet · 121 KiB");
    expect(frame).toMatch(/^\s*1 payment_id-0/m);
    expect(frame).toMatch(/^\s*23 payment_id-22/m);
    expect(frame).not.toContain("payment_id-23");
    // Nulls show as NULL (as in the CLI and DuckDB), not as an empty cell.
    expect(frame).toMatch(/amount-0\s+NULL\s+method-0/);
    expect(frame).not.toContain("settled");
    expect(frame).toMatch(/columns 1–\d of 12/);
  });

  it("scrolls columns right and left, keeping the row numbers", async () => {
    const app = previewApp();
    await app.waitForText("payment_id-0");
    await app.press(...Array(12).fill(KEYS.right));
    const right = await app.waitForText("settled-0");
    expect(right).not.toContain("payment_id-0");
    expect(right).toMatch(/^\s*1 /m);
    await app.press(...Array(12).fill(KEYS.left));
    await app.waitForText("payment_id-0");
  });

  it("pages forward into the next row group and back", async () => {
    const app = previewApp();
    await app.waitForText("payment_id-0");
    // 21 pages of 23 rows end at row 483; the 22nd page starts in the second row group.
    for (let i = 0; i < 21; i++) await app.press("n");
    const frame = await app.waitForText("rows 484–506 of 1,000 · row group 1/2");
    expect(frame).toContain("payment_id-483");
    await app.press("n");
    await app.waitForText("rows 507–529 of 1,000 · row group 2/2");
    await app.press("N");
    await app.waitForText("rows 484–506");
    await app.press("g");
    await app.waitForText("rows 1–23");
  });

  it("stops at the last page", async () => {
    const app = previewApp();
    await app.waitForText("payment_id-0");
    for (let i = 0; i < 45; i++) await app.press(KEYS.down);
    const frame = await app.waitForText("payment_id-999");
    expect(frame).toContain("rows 990–1,000 of 1,000");
  });

  it("shows only the chosen columns and reads only those", async () => {
    const app = previewApp();
    await app.waitForText("payment_id-0");
    await app.press("c");
    await app.waitForText("[x] payment_id");
    // Hide everything but amount and status.
    await app.press("a");
    for (const name of COLUMNS) {
      if (name !== "amount" && name !== "status") await app.press(" ");
      await app.press("j");
    }
    await app.press(KEYS.enter);
    const frame = await app.waitForText("columns 1–2 of 2");
    expect(frame).toContain("status-0");
    expect(frame).not.toContain("payment_id-0");
    expect(frame).toContain("columns 1–2 of 2");
  });

  it("shows the schema as a tree, the row groups with column-chunk stats, and the metadata", async () => {
    const app = previewApp({ width: 120, height: 40 });
    await app.waitForText("payment_id-0");
    await app.press("2");
    const schema = await app.waitForText("address");
    expect(schema).toMatch(/└ address\s+struct/);
    expect(schema).toMatch(/└ city\s+string\s+not null\s+\(BYTE_ARRAY\)/);
    await app.press(KEYS.tab);
    const groups = await app.waitForText("row group 1/2");
    expect(groups).toContain("row group 1/2 · rows 1–500 (500)");
    expect(groups).toMatch(
      /amount\s+SNAPPY\s+PLAIN,RLE_DICTIONARY\s+4\.9 KiB\s+7\.3 KiB\s+0\s+amount-min\s+amount-max/,
    );
    await app.press("4");
    const meta = await app.waitForText("created by  DuckDB version v1.5.0");
    expect(meta).toContain("source = medallion demo: payments export");
  });

  it("shows why a corrupt file cannot be previewed, in one line, and goes back", async () => {
    const app = renderApp({
      size: { width: 120, height: 30 },
      start: { screen: "browser", params: { path: "bronze/sales/payments/year=2024/month=01" } },
    });
    await app.waitForText("zz-corrupt.parquet");
    await app.press("j", KEYS.enter);
    const frame = await app.waitForText("cannot preview");
    expect(frame).toContain(
      "cannot preview: bronze/sales/payments/year=2024/month=01/zz-corrupt.parquet: Parquet footer: file is 7 bytes",
    );
    await app.press(KEYS.esc);
    await app.waitForText("part-0.parquet");
  });

  it("comes back from the preview to the listing as it was left: cursor, sort and filter", async () => {
    const app = renderApp({ start: { screen: "browser", params: { path: "bronze/sales" } } });
    await app.waitForText("payments/");
    await app.press("o", "/", ..."ments", KEYS.enter, "p");
    await app.waitForText("payment_id-0");
    await app.press(KEYS.esc);
    const frame = await app.waitForText("sort size · /ments");
    expect(frame).toContain("payments/");
    expect(frame).not.toContain("orders/");
    await app.press(KEYS.esc, "y");
    await app.waitForText("copied");
    expect(app.copied).toEqual(["s3://acme-lake/prod/bronze/sales/payments"]);
  });

  it("previews a table's first file with p", async () => {
    const app = renderApp({ start: { screen: "browser", params: { path: "bronze/sales" } } });
    await app.waitForText("payments/");
    await app.press("G", "p");
    const frame = await app.waitForText("payment_id-0");
    expect(frame).toContain(FILE);
  });

  it("says so when there is no file to preview under a table", async () => {
    const app = renderApp({ start: { screen: "browser", params: { path: "bronze/sales" } } });
    await app.waitForText("customers/");
    await app.press("p");
    await app.waitForText("no files under bronze/sales/customers to preview");
  });
});
