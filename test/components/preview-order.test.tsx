// s and f in a preview's rows: the rows loaded so far sorted and filtered by the column under the
// cursor, without a query; numbers compared as numbers, nulls last, the record view on the row shown.
import { cleanup } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import type { GridPage, Preview, RowsRequest } from "../../src/preview/grid.js";
import { fakeLake } from "./fake-lake.js";
import { KEYS, renderApp } from "./render-app.js";

afterEach(() => cleanup());

const TOTAL = 250;
const FILE = "bronze/sales/payments/year=2024/month=01/part-0.parquet";
/** Amounts whose text order is not their numeric order (9.50 after 10.00 as text); every 10th null. */
const amount = (i: number) => (i % 10 === 3 ? null : `${(i * 37) % 101}.${i % 10}0`);
const name = (i: number) => `card-${["visa", "amex", "mastercard"][i % 3]}`;

function typedPreview(): Preview {
  const columns = [
    { name: "id", type: "int64" },
    { name: "amount", type: "decimal(10,2)" },
    { name: "brand", type: "string" },
  ];
  const value = (row: number, column: string) =>
    column === "id" ? row : column === "amount" ? amount(row) : name(row);
  return {
    key: FILE,
    format: "parquet",
    size: 10_000,
    columns,
    schema: [],
    totalRows: TOTAL,
    notes: [],
    fetched: { bytes: 0, requests: 0 },
    async rows(request: RowsRequest = {}): Promise<GridPage> {
      const offset = request.offset ?? 0;
      const end = Math.min(TOTAL, offset + (request.limit ?? 50));
      const names = request.columns ?? columns.map((c) => c.name);
      const rows = [];
      for (let i = offset; i < end; i++) {
        const values = names.map((c) => value(i, c));
        rows.push({ index: i, cells: values.map((v) => (v === null ? null : String(v))), values });
      }
      return {
        offset,
        columns: columns.filter((c) => names.includes(c.name)),
        rows,
        hasMore: end < TOTAL,
        notes: [],
      };
    },
  };
}

function orderApp() {
  const lake = fakeLake();
  lake.openPreview = async () => typedPreview();
  return renderApp({
    lake,
    size: { width: 100, height: 30 },
    start: { screen: "preview", params: { path: FILE } },
  });
}

/** The first 100 rows (one block, what the first page loads) by amount, as numbers, nulls dropped. */
const byAmount = Array.from({ length: 100 }, (_, i) => i)
  .filter((i) => amount(i) !== null)
  .sort((a, b) => Number(amount(a)) - Number(amount(b)) || a - b);

describe("sorting and filtering a preview's loaded rows", () => {
  it("sorts by the column under the cursor (s again reverses it), numbers as numbers and nulls last", async () => {
    const app = orderApp();
    await app.waitForText("card-visa");
    await app.press(KEYS.right, "s");
    let frame = await app.waitForText("sorted by amount ↑ · 100 loaded rows of 250");
    expect(frame).toMatch(/amount ↑/);
    const first = byAmount[0] as number;
    const second = byAmount[1] as number;
    expect(frame).toMatch(
      new RegExp(`^\\s*${first + 1}\\s+${first}\\s+${amount(first)?.replace(".", "\\.")} `, "m"),
    );
    // The grid's second line is the second smallest: the sort is by value, not text.
    const lines = frame.split("\n");
    const row = lines.findIndex((l) => new RegExp(`^\\s*${first + 1}\\s+${first}\\s`).test(l));
    expect(lines[row + 1]).toMatch(new RegExp(`^\\s*${second + 1}\\s`));

    await app.press("s");
    frame = await app.waitForText("sorted by amount ↓");
    const last = byAmount[byAmount.length - 1] as number;
    expect(frame).toMatch(new RegExp(`^\\s*${last + 1}\\s+${last}\\s`, "m"));
    // Nulls come last in either direction.
    await app.press("G");
    frame = await app.waitForText("row 94 ·");
    expect(frame).toMatch(/^\s*94\s+93\s+NULL/m);

    // Enter shows the row under the cursor, wherever the sort put it.
    await app.press("g", "j", KEYS.enter);
    const next = byAmount[byAmount.length - 2] as number;
    frame = await app.waitForText(`record: row 2 of 100 shown (row ${next + 1})`);
    expect(frame).toMatch(new RegExp(`^id\\s+${next}$`, "m"));
    await app.press(KEYS.esc);
    await app.waitForText("sorted by amount ↓");

    // Esc puts the rows back in file order, the cursor on the row it was on.
    await app.press(KEYS.esc);
    frame = await app.waitForText(`row ${next + 1} · rows`);
    expect(frame).not.toContain("sorted by");
    expect(frame).not.toContain("amount ↓");
  });

  it("filters by what is typed after f, live, says how many loaded rows match, and Esc clears it", async () => {
    const app = orderApp();
    await app.waitForText("card-visa");
    await app.press(KEYS.right, KEYS.right, "f");
    await app.waitForText("filter brand: ▏");
    expect(app.frame()).toContain("esc clear filter");
    for (const ch of "AMEX") await app.press(ch);
    let frame = await app.waitForText("filter brand: AMEX▏ · filtered: 33 of 100 loaded rows");
    expect(frame).not.toContain("card-visa");
    expect(frame).toMatch(/^\s*2\s+1\s+\S+\s+card-amex/m);
    await app.press(KEYS.enter);
    frame = await app.waitForText("filtered: 33 of 100 loaded rows · row 2");
    // Sorting the filtered rows: the highest id among them first.
    await app.press(KEYS.left, KEYS.left, "s", "s");
    frame = await app.waitFor(
      (f) => f.includes("filtered: 33 of 100 loaded rows · sorted by id ↓") && /^\s*98\s+97\s/m.test(f),
      "sorted by id, descending",
    );
    // f on the filtered column again, Esc: the filter goes, the sort stays.
    await app.press(KEYS.right, KEYS.right, "f", KEYS.esc);
    frame = await app.waitForText("sorted by id ↓ · 100 loaded rows of 250");
    expect(frame).toContain("card-visa");
  });
});
