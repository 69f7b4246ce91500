import { readFileSync } from "node:fs";
import path from "node:path";
import { parquetMetadata } from "hyparquet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openParquet } from "../../src/parquet/index.js";
import { LazyFooter } from "../../src/parquet/lazy-footer.js";
import { PARSERS } from "../../src/parquet/values.js";
import { LocalStore } from "../../src/storage/index.js";
import { parquetWriter } from "./_duckdb.js";

let duck: Awaited<ReturnType<typeof parquetWriter>>;

beforeAll(async () => {
  duck = await parquetWriter();
});
afterAll(() => duck.close());

/** The whole footer as hyparquet decodes it, and the FileMetaData thrift alone. */
function footerOf(key: string) {
  const bytes = new Uint8Array(readFileSync(path.join(duck.dir, key)));
  const length = new DataView(bytes.buffer).getUint32(bytes.length - 8, true);
  const thrift = bytes.subarray(bytes.length - 8 - length, bytes.length - 8);
  return { whole: parquetMetadata(bytes.buffer, { parsers: PARSERS }), thrift };
}

const strip = <T extends { metadata_length?: number }>({ metadata_length: _, ...rest }: T) => rest;

describe("lazy footer", () => {
  it("decodes row groups only when asked, and the same as decoding the whole footer", async () => {
    // 40 row groups: more than 14, so the row-group list has a long header.
    const key = await duck.write(
      "forty.parquet",
      "SELECT i AS id, md5(i::VARCHAR) AS hash, (i % 7)::DECIMAL(9,2) AS amount FROM range(81920) t(i)",
      "ROW_GROUP_SIZE 2048",
    );
    const { whole, thrift } = footerOf(key);
    expect(whole.row_groups.length).toBe(40);
    const checked: [number, number][] = [];
    const footer = new LazyFooter(thrift, (first, groups) => checked.push([first, groups.length]));
    expect(checked).toEqual([]); // opening decodes no row group
    expect(strip(footer.file)).toEqual(strip({ ...whole, row_groups: [] }));
    expect(footer.groupRows).toEqual(whole.row_groups.map((g) => Number(g.num_rows)));

    expect(footer.groups(0, 1)).toEqual(whole.row_groups.slice(0, 1));
    expect(checked).toEqual([[0, 1]]);
    expect(footer.groups(5, 7)).toEqual(whole.row_groups.slice(5, 7));
    expect(checked).toEqual([
      [0, 1],
      [5, 2],
    ]);
    expect(footer.metadata().row_groups).toEqual(whole.row_groups);
    expect(checked.slice(2)).toEqual([
      [1, 4],
      [7, 33],
    ]); // only what was not decoded yet
  });

  it("reads a file with no row groups", async () => {
    const key = await duck.write("empty.parquet", "SELECT 1 AS id WHERE false");
    const { whole, thrift } = footerOf(key);
    const footer = new LazyFooter(thrift);
    expect(footer.groupCount).toBe(whole.row_groups.length);
    expect(footer.metadata().row_groups).toEqual(whole.row_groups);
    const file = await openParquet(new LocalStore(duck.dir), key);
    expect(file.rows).toBe(0);
    expect((await file.read({ limit: 50 })).cells).toEqual([]);
  });

  it("previews the first rows and their row group's stats without the rest of the footer", async () => {
    const key = await duck.write(
      "stats.parquet",
      "SELECT i AS id, 'n' || i AS name FROM range(40960) t(i)",
      "ROW_GROUP_SIZE 2048",
    );
    const file = await openParquet(new LocalStore(duck.dir), key);
    expect(file.rowGroupCount).toBe(20);
    const first = file.firstRowGroups(2);
    expect(first.map((g) => [g.firstRow, g.rows])).toEqual([
      [0, 2048],
      [2048, 2048],
    ]);
    expect(first[1]?.columns[0]).toMatchObject({ column: "id", min: "2048", max: "4095" });
    expect((await file.read({ offset: 40958, limit: 5, columns: ["name"] })).cells).toEqual([
      ["n40958"],
      ["n40959"],
    ]);
    expect(file.rowGroups).toHaveLength(20);
    expect(file.rowGroups[19]?.columns[0]?.max).toBe("40959");
  });
});
