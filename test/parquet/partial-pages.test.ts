import { readFileSync } from "node:fs";
import path from "node:path";
import { parquetMetadata } from "hyparquet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFlatRows } from "../../src/parquet/flat-page.js";
import { openParquet } from "../../src/parquet/index.js";
import { ReadBudget } from "../../src/parquet/limits.js";
import { LocalStore } from "../../src/storage/index.js";
import { parquetWriter } from "./_duckdb.js";

let duck: Awaited<ReturnType<typeof parquetWriter>>;
let store: LocalStore;

beforeAll(async () => {
  duck = await parquetWriter();
  store = new LocalStore(duck.dir);
});
afterAll(() => duck.close());

// Every flat type DuckDB writes, with nulls, low- and high-cardinality strings (dictionary and plain).
const everyType = `SELECT
  CASE WHEN i % 7 = 0 THEN NULL ELSE i END AS id,
  (i % 100)::INTEGER AS small,
  i * 1.5 AS dbl,
  (i / 3)::FLOAT AS flt,
  (i * 0.01)::DECIMAL(9,2) AS dec9,
  (i * 0.001)::DECIMAL(18,3) AS dec18,
  (i * 0.0000000001 - 3)::DECIMAL(38,10) AS dec38,
  DATE '1969-12-25' + (i % 400)::INT AS day,
  TIMESTAMP '2024-02-29 23:59:59.999999' + INTERVAL (i) SECOND AS ts,
  TIMESTAMPTZ '2024-01-01 00:00:00+00' + INTERVAL (i) MINUTE AS tstz,
  (TIMESTAMP '2024-01-01' + INTERVAL (i) MILLISECOND)::TIMESTAMP_MS AS ts_ms,
  (TIMESTAMP '2024-01-01' + INTERVAL (i) MICROSECOND)::TIMESTAMP_NS AS ts_ns,
  CASE WHEN i % 5 = 0 THEN NULL ELSE 'user-' || i END AS name,
  (['new', 'paid', 'shipped'])[1 + i % 3] AS status,
  md5(i::VARCHAR)::UUID AS ref,
  ('x' || i)::BLOB AS payload,
  i % 2 = 0 AS even,
  {'a': i} AS nested
FROM range(10000) t(i)`;

const windows: [number, number][] = [
  [0, 50],
  [3, 4],
  [2040, 2060], // across a row-group boundary (DuckDB rounds 2,000 up to 2,048)
  [9990, 10000],
  [6143, 6145],
];

describe("partial page reads", () => {
  for (const codec of ["snappy", "zstd", "gzip", "uncompressed"]) {
    it(`shows the same rows as decoding whole pages (${codec})`, async () => {
      const key = await duck.write(
        `every-${codec}.parquet`,
        everyType,
        `ROW_GROUP_SIZE 2000, COMPRESSION ${codec}`,
      );
      const partial = await openParquet(store, key);
      const whole = await openParquet(store, key, undefined, { partialPages: false });
      for (const [offset, end] of windows) {
        const a = await partial.read({ offset, limit: end - offset });
        const b = await whole.read({ offset, limit: end - offset });
        expect(a.cells).toEqual(b.cells);
        expect(a.values).toEqual(b.values);
        expect(a.cells.length).toBe(end - offset);
      }
      const sample = await partial.read({ offset: 7, limit: 1 });
      expect(sample.cells[0]?.slice(0, 4)).toEqual([null, "7", "10.5", "2.3333333"]);
    });
  }

  it("takes the partial path for every flat column but booleans, which hyparquet decodes", async () => {
    const key = await duck.write("every-v1.parquet", everyType, "ROW_GROUP_SIZE 2000");
    const bytes = readFileSync(path.join(duck.dir, key));
    const metadata = parquetMetadata(bytes);
    const taken: string[] = [];
    for (const chunk of metadata.row_groups[1]?.columns ?? []) {
      const meta = chunk.meta_data;
      if (meta?.path_in_schema.length !== 1) continue;
      const element = metadata.schema.find((e) => e.name === meta.path_in_schema[0] && e.type !== undefined);
      const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
      const body = bytes.subarray(start, start + Number(meta.total_compressed_size));
      if (element && readFlatRows(body, meta, element, 10, 20, new ReadBudget("t.parquet"))?.length === 10)
        taken.push(element.name);
    }
    const flat = [
      "id",
      "small",
      "dbl",
      "flt",
      "dec9",
      "dec18",
      "dec38",
      "day",
      "ts",
      "tstz",
      "ts_ms",
      "ts_ns",
    ];
    expect(taken).toEqual([...flat, "name", "status", "ref", "payload"]);
  });

  it("reads a page only as far as the last row shown, so a page of 100,000 rows costs little", async () => {
    const key = await duck.write(
      "long-page.parquet",
      "SELECT i AS id, md5(i::VARCHAR) AS hash FROM range(100000) t(i)",
      "ROW_GROUP_SIZE 100000",
    );
    const bytes = readFileSync(path.join(duck.dir, key));
    expect(bytes.byteLength).toBeGreaterThan(1_000_000);
    const partial = await openParquet(store, key);
    const whole = await openParquet(store, key, undefined, { partialPages: false });
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) await whole.read({ limit: 50 });
    const wholeMs = performance.now() - t0;
    const t1 = performance.now();
    for (let i = 0; i < 5; i++) await partial.read({ limit: 50 });
    const partialMs = performance.now() - t1;
    expect((await partial.read({ limit: 50 })).cells).toEqual((await whole.read({ limit: 50 })).cells);
    expect(partialMs).toBeLessThan(wholeMs);
  });
});
