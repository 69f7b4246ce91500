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

  it("reads only the columns on screen and a couple after, more as it scrolls right a page at a time", async () => {
    const app = previewApp();
    const first = await app.waitForText("payment_id-0");
    const shown = COLUMNS.filter((c) => first.includes(`${c}-1 `) || first.includes(`${c}-1\n`));
    expect(shown.length).toBeGreaterThan(2);
    expect(app.lake.rowRequests).toHaveLength(1);
    const read = app.lake.rowRequests[0]?.columns ?? [];
    expect(read.slice(0, shown.length)).toEqual(shown);
    expect(read.length).toBeLessThanOrEqual(shown.length + 2);
    // A page to the right: the first column stays (pinned), the next ones come in one read.
    await app.press(">");
    const right = await app.waitFor((f) => /columns 1, \d+–\d+ of 12/.test(f) && !f.includes("…"), "page 2");
    expect(right).toContain("payment_id-0");
    expect(right).not.toContain(`${shown[1]}-0`);
    expect(app.lake.rowRequests.length).toBeLessThanOrEqual(2);
    await app.press(">", ">");
    const end = await app.waitForText("settled-0");
    expect(end).toContain("payment_id-0");
    expect(app.lake.rowRequests.length).toBeLessThanOrEqual(4);
    // Back left: nothing read again.
    const before = app.lake.rowRequests.length;
    await app.press("<", "<", "<");
    await app.waitFor((f) => f.includes(`${shown[1]}-0`), "the first page again");
    expect(app.lake.rowRequests).toHaveLength(before);
  });

  it("moves a column cursor with the arrows, scrolling when it leaves the screen, and p pins its column", async () => {
    const app = previewApp();
    await app.waitForText("payment_id-0");
    // The cursor starts on the first column; two to the right is still on screen: nothing scrolls.
    await app.press(KEYS.right, KEYS.right);
    let frame = await app.waitFor((f) => f.includes("column amount"), "the cursor on amount");
    expect(frame).toContain("order_id-0");
    // Past the last column shown, the grid scrolls to show the cursor's column; the first stays pinned.
    await app.press(KEYS.right, KEYS.right, KEYS.right, KEYS.right, KEYS.right);
    frame = await app.waitFor((f) => f.includes("card_brand-0") && !f.includes("…"), "card_brand shown");
    expect(frame).toContain("of 12 · column card_brand");
    expect(frame).toContain("payment_id-0");
    expect(frame).not.toContain("order_id-0");
    // p pins the column under the cursor: it stays beside the first while the rest scroll.
    await app.press("p");
    await app.waitFor((f) => /^\s*1 payment_id-0 +card_brand-0 /m.test(f), "card_brand pinned");
    await app.press(">", ">");
    const pinned = await app.waitFor(
      (f) => f.includes("columns 1, 8–12 of 12") && !f.includes("…"),
      "paged right",
    );
    expect(pinned).toMatch(/^\s*1 payment_id-0 +card_brand-0 /m);
    expect(pinned).not.toContain("order_id-0");
    await app.press("P");
    await app.waitFor((f) => !f.includes("payment_id-0"), "unpinned");
    await app.press(...Array(12).fill(KEYS.left));
    await app.waitFor((f) => /^\s*1 payment_id-0 +order_id-0/m.test(f), "back to the first column");
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

  it("moves a row cursor one row with j/k, to the last row with G and the first with g", async () => {
    const app = previewApp();
    await app.waitForText("payment_id-0");
    await app.press("j", "j", "k");
    await app.waitForText("row 2 · rows 1–23 of 1,000");
    await app.press(...Array(23).fill("j"));
    const scrolled = await app.waitForText("row 25 · rows 3–25 of 1,000");
    expect(scrolled).toContain("payment_id-24");
    expect(scrolled).not.toContain("payment_id-1 ");
    const reads = app.lake.rowRequests.length;
    await app.press("G");
    const last = await app.waitForText("1,000 payment_id-999");
    expect(last).toContain("row 1,000 · rows 978–1,000 of 1,000 · row group 2/2");
    // The last rows' block only.
    expect(app.lake.rowRequests.slice(reads).map((r) => r.offset)).toEqual([900]);
    await app.press("j");
    await app.waitForText("row 1,000 ·");
    await app.press("g");
    await app.waitForText("row 1 · rows 1–23 of 1,000");
  });

  it("goes to a row number typed after #", async () => {
    const app = previewApp();
    await app.waitForText("payment_id-0");
    await app.press("#", "7", "x", "0", "1", KEYS.backspace, "0");
    await app.waitForText("go to row: 700▏");
    expect(app.frame()).toContain("⏎ go");
    await app.press(KEYS.enter);
    const frame = await app.waitForText("700 payment_id-699");
    expect(frame).toContain("row 700 · rows 689–711 of 1,000");
    await app.press("#", "5", KEYS.esc);
    await app.waitForText("row 700 ·");
  });

  it("opens the row under the cursor as a record with Enter: every column, scrollable, J for the next row", async () => {
    const app = previewApp({ width: 80, height: 12 });
    await app.waitForText("payment_id-0");
    await app.press("#", "3", "0", "0", KEYS.enter);
    await app.waitForText("row 300 ·");
    await app.press(KEYS.enter);
    const record = await app.waitFor(
      (f) => f.includes("record: row 300 of 1,000") && f.includes("status-299"),
      "record",
    );
    expect(record).toMatch(/^payment_id +payment_id-299$/m);
    expect(record).toMatch(/^order_id +order_id-299$/m);
    expect(record).not.toContain("settled");
    await app.press("G");
    const end = await app.waitFor((f) => /^settled +settled-299$/m.test(f), "the last column");
    expect(end).toMatch(/columns \d+–12 of 12/);
    await app.press("J");
    await app.waitFor((f) => /^settled +settled-300$/m.test(f), "the next row's record");
    await app.press(KEYS.esc);
    await app.waitForText("row 301 ·");
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
    const frame = await app.waitForText("sort size ↓ · /ments");
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
