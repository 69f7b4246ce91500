import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPreview } from "../../src/preview/index.js";
import { NULL_TEXT, pageGrid } from "../../src/preview/render.js";
import { LocalStore } from "../../src/storage/index.js";
import { CORPUS, duckRows, writeCorpus } from "./_corpus.js";
import { parquetWriter } from "./_duckdb.js";
import { expectedJson, expectedText, isoOf } from "./_oracle.js";

let duck: Awaited<ReturnType<typeof parquetWriter>>;
let store: LocalStore;

beforeAll(async () => {
  duck = await parquetWriter();
  store = new LocalStore(duck.dir);
  await writeCorpus(duck);
});
afterAll(() => duck.close());

describe("preview values equal DuckDB's", () => {
  for (const file of Object.keys(CORPUS)) {
    it(`${file}: every cell (the grid's and the terminal UI's text) and every --json value`, async () => {
      const reference = await duckRows(duck, file);
      const preview = await openPreview(store, file);
      const page = await preview.rows({ limit: 100 });
      // What the terminal UI's preview grid draws in each cell (before cutting it to the column's width).
      const grid = pageGrid(page);
      expect(page.columns.map((c) => c.name)).toEqual(reference.columns);
      expect(page.rows.length).toBe(reference.rows.length);
      for (const [r, row] of reference.rows.entries()) {
        for (const [c, value] of row.entries()) {
          const type = reference.types[c] as Parameters<typeof expectedJson>[1];
          const where = `${file} row ${r + 1} ${reference.columns[c]}`;
          expect({ where, json: page.rows[r]?.values[c] }).toEqual({
            where,
            json: expectedJson(value, type),
          });
          expect({ where, text: page.rows[r]?.cells[c] }).toEqual({ where, text: expectedText(value, type) });
          const tui = grid.rows[r]?.cells[c + 1]?.text;
          expect({ where, tui }).toEqual({ where, tui: expectedText(value, type) ?? NULL_TEXT });
        }
      }
    });
  }

  it("keeps what plain JS objects lose: __proto__ and integer-like keys in file order, zones in nested values", async () => {
    const preview = await openPreview(store, "nested.parquet");
    const page = await preview.rows({
      limit: 1,
      columns: ["proto_map", "int_map", "proto_struct", "zoned_list"],
    });
    expect(page.rows[0]?.cells).toEqual([
      '{"__proto__": 1, "b": 2, "constructor": 3}',
      '{3: "x", 1: "y", 2: "z"}',
      "{__proto__: 5, 2: 6, 1: 7}",
      '["2024-01-15T10:00:00Z", null]',
    ]);
    expect(JSON.stringify(page.rows[0]?.values)).toBe(
      '[[{"key":"__proto__","value":1},{"key":"b","value":2},{"key":"constructor","value":3}],' +
        '[{"key":3,"value":"x"},{"key":1,"value":"y"},{"key":2,"value":"z"}],' +
        '{"1":7,"2":6,"__proto__":5},["2024-01-15T10:00:00Z",null]]',
    );
  });

  it("shows years outside 0–9999 with their seconds, bytes that are not UTF-8 as hex (base64 in JSON), TIME as a time of day", async () => {
    const timestamps = await (await openPreview(store, "timestamps.parquet")).rows({
      columns: ["local_us", "utc_us"],
    });
    expect(timestamps.rows.map((r) => r.cells)).toEqual([
      ["2024-01-15T10:00:00.123456", "2024-01-15T10:00:00Z"],
      ["12345-06-07T08:09:10.5", "12345-06-07T08:09:10.5Z"],
      ["-0044-03-15T12:00:30", "-0044-03-15T12:00:30Z"],
      ["1969-12-31T23:59:59.999999", null],
    ]);
    const scalars = await (await openPreview(store, "scalars.parquet")).rows({
      columns: ["bytes", "tod", "big"],
    });
    expect(scalars.rows.map((r) => r.cells)).toEqual([
      ["abc", "12:34:56.789", "0"],
      ["0xff00616263", "00:00:00", "9007199254740991"],
      ["0xc328", "23:59:59.999999", "9007199254740992"],
      ["", null, "-9223372036854775808"],
    ]);
    // INT64 in JSON: numbers within ±(2^53 − 1), strings beyond (README, "Values in preview").
    expect(scalars.rows.map((r) => r.values)).toEqual([
      ["abc", "12:34:56.789", 0],
      [{ base64: "/wBhYmM=" }, "00:00:00", 9007199254740991],
      [{ base64: "wyg=" }, "23:59:59.999999", "9007199254740992"],
      ["", null, "-9223372036854775808"],
    ]);
  });

  it("schema --stats shows each column chunk's min and max as DuckDB reads them, or not at all", async () => {
    let compared = 0;
    for (const file of ["scalars.parquet", "timestamps.parquet"]) {
      const preview = await openPreview(store, file);
      const reference = await duck.query(
        `SELECT stats_min_value AS min, stats_max_value AS max FROM parquet_metadata('${duck.dir}/${file}') ORDER BY column_id`,
      );
      for (const [c, chunk] of (preview.parquet?.rowGroups[0]?.columns ?? []).entries()) {
        for (const side of ["min", "max"] as const) {
          const expected = reference[c]?.[side];
          if (typeof expected !== "string" || chunk[side] === undefined) continue; // not shown: not wrong
          expect({ column: chunk.column, [side]: chunk[side] }).toEqual({
            column: chunk.column,
            [side]: duckStatText(expected),
          });
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(30);
  });
});

/** DuckDB's statistics text in the cell's form: ISO dates and times, bytes that are not UTF-8 as 0x-hex. */
function duckStatText(duck: string): string {
  if (!/\\x[0-9A-F]{2}/.test(duck)) return isoOf(duck);
  const bytes: number[] = [];
  for (let i = 0; i < duck.length; ) {
    if (duck.startsWith("\\x", i)) {
      bytes.push(Number.parseInt(duck.slice(i + 2, i + 4), 16));
      i += 4;
    } else {
      const ch = String.fromCodePoint(duck.codePointAt(i) ?? 0);
      bytes.push(...Buffer.from(ch));
      i += ch.length;
    }
  }
  return `0x${Buffer.from(bytes).toString("hex")}`;
}
