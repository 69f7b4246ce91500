import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MedallionError } from "../../src/errors.js";
import { openParquet } from "../../src/parquet/index.js";
import { LocalStore } from "../../src/storage/index.js";
import { parquetWriter } from "./_duckdb.js";

let duck: Awaited<ReturnType<typeof parquetWriter>>;
let store: LocalStore;

beforeAll(async () => {
  duck = await parquetWriter();
  store = new LocalStore(duck.dir);
});
afterAll(() => duck.close());

const sample = `SELECT i AS id, 'name-' || i AS name, i / 4 AS ratio FROM range(1000) t(i)`;

describe("codecs", () => {
  const codecs = [
    ["uncompressed", "UNCOMPRESSED"],
    ["snappy", "SNAPPY"],
    ["gzip", "GZIP"],
    ["zstd", "ZSTD"],
    ["brotli", "BROTLI"],
    ["lz4_raw", "LZ4_RAW"],
  ] as const;
  for (const [duckdbName, parquetName] of codecs) {
    it(`reads rows of a ${parquetName} file written by DuckDB`, async () => {
      const key = await duck.write(`codec-${duckdbName}.parquet`, sample, `COMPRESSION ${duckdbName}`);
      const file = await openParquet(store, key);
      expect(file.rows).toBe(1000);
      expect(file.rowGroups[0]?.columns.map((c) => c.codec)).toEqual([parquetName, parquetName, parquetName]);
      const page = await file.read({ offset: 998, limit: 10 });
      expect(page.cells).toEqual([
        ["998", "name-998", "249.5"],
        ["999", "name-999", "249.75"],
      ]);
    });
  }
});

describe("schema and values", () => {
  let key: string;
  beforeAll(async () => {
    key = await duck.write(
      "types.parquet",
      `SELECT i AS id,
        {'city': 'c' || i, 'zip': i * 10, 'tags': ['a', 'b']} AS address,
        [i, i + 1] AS scores,
        MAP {'k' || i: i * 2} AS attrs,
        (i + 0.125)::DECIMAL(9,3) AS small_amount,
        '1234567890123456789.12'::DECIMAL(38,2) + i AS big_amount,
        DATE '2024-01-15' + i::INT AS day,
        TIMESTAMP '2024-01-15 10:00:00.123456' + INTERVAL (i) SECOND AS local_ts,
        TIMESTAMPTZ '2024-01-15 10:00:00+00' AS utc_ts,
        CASE WHEN i % 2 = 0 THEN NULL ELSE 'x' END AS sometimes
      FROM range(3) t(i)`,
    );
  });

  it("shows nested and logical types as a tree", async () => {
    const file = await openParquet(store, key);
    const types = Object.fromEntries(file.schema.map((f) => [f.name, f.type]));
    expect(types).toEqual({
      id: "int64",
      address: "struct",
      scores: "list<int64>",
      attrs: "map<string, int64>",
      small_amount: "decimal(9,3)",
      big_amount: "decimal(38,2)",
      day: "date",
      local_ts: "timestamp(us)",
      utc_ts: "timestamp(us, UTC)",
      sometimes: "string",
    });
    const address = file.schema.find((f) => f.name === "address");
    expect(address?.children.map((c) => `${c.path} ${c.type}`)).toEqual([
      "address.city string",
      "address.zip int64",
      "address.tags list<string>",
    ]);
    expect(file.createdBy).toMatch(/DuckDB/);
  });

  it("decodes values exactly: decimals, dates, timestamps with their precision, nested values", async () => {
    const file = await openParquet(store, key);
    const page = await file.read({ offset: 1, limit: 1 });
    const row = Object.fromEntries(page.columns.map((c, i) => [c, page.cells[0]?.[i]]));
    expect(row).toEqual({
      id: "1",
      address: '{city: "c1", zip: 10, tags: ["a", "b"]}',
      scores: "[1, 2]",
      attrs: '{"k1": 2}',
      small_amount: "1.125",
      big_amount: "1234567890123456790.12",
      day: "2024-01-16",
      local_ts: "2024-01-15T10:00:01.123456",
      utc_ts: "2024-01-15T10:00:00Z",
      sometimes: "x",
    });
    const first = await file.read({ offset: 0, limit: 1, columns: ["sometimes", "id"] });
    expect(first.columns).toEqual(["sometimes", "id"]);
    expect(first.cells[0]).toEqual([null, "0"]);
    expect(first.values[0]).toEqual([null, 0]);
  });

  it("gives column-chunk stats decoded to readable values", async () => {
    const file = await openParquet(store, key);
    const chunks = Object.fromEntries(file.rowGroups[0]?.columns.map((c) => [c.column, c]) ?? []);
    expect(chunks.day).toMatchObject({ min: "2024-01-15", max: "2024-01-17", nullCount: 0 });
    expect(chunks.small_amount).toMatchObject({ min: "0.125", max: "2.125" });
    expect(chunks.sometimes).toMatchObject({ nullCount: 2, min: "x", max: "x" });
    expect(chunks["address.city"]).toMatchObject({ min: "c0", max: "c2" });
    expect(chunks.local_ts?.min).toBe("2024-01-15T10:00:00.123456");
  });

  it("decodes an interval as DuckDB shows it", async () => {
    const key = await duck.write("interval.parquet", "SELECT 7 AS n, INTERVAL 3 DAY AS wait");
    const file = await openParquet(store, key);
    expect(file.schema.find((f) => f.name === "wait")).toMatchObject({ type: "interval" });
    const page = await file.read();
    expect(page.cells[0]).toEqual(["7", "3 days"]);
    expect(page.values[0]).toEqual([7, { months: 0, days: 3, milliseconds: 0 }]);
    expect(page.notes).toEqual([]);
  });

  it("decodes variant and geometry columns", async () => {
    const raw = await duck.write("newer.parquet", "SELECT 42::VARIANT AS v, 'POINT(1 2)'::GEOMETRY AS g");
    const file = await openParquet(store, raw);
    expect(file.schema.map((f) => f.type)).toEqual(["variant", "geometry"]);
    const page = await file.read();
    expect(page.cells[0]).toEqual(["42", '{type: "Point", coordinates: [1, 2]}']);
  });
});

describe("encodings", () => {
  it("reads v2 pages with delta, byte-stream-split and dictionary encodings", async () => {
    const key = await duck.write(
      "v2.parquet",
      `SELECT i AS id, 'user-' || i AS unique_name, (i % 3)::VARCHAR AS bucket, i / 8 AS ratio FROM range(5000) t(i)`,
      "PARQUET_VERSION 'V2', ROW_GROUP_SIZE 2048",
    );
    const file = await openParquet(store, key);
    const encodings = new Set(file.rowGroups.flatMap((g) => g.columns.flatMap((c) => c.encodings)));
    expect(encodings).toContain("DELTA_BINARY_PACKED");
    expect(encodings).toContain("RLE_DICTIONARY");
    expect(encodings).toContain("BYTE_STREAM_SPLIT");
    expect([...encodings].some((e) => e.startsWith("DELTA_") && e.includes("BYTE_ARRAY"))).toBe(true);
    const page = await file.read({ offset: 4095, limit: 3 });
    expect(page.cells).toEqual([
      ["4095", "user-4095", "0", "511.875"],
      ["4096", "user-4096", "1", "512"],
      ["4097", "user-4097", "2", "512.125"],
    ]);
  });
});

describe("byte ranges", () => {
  it("pages across a row-group boundary reading only the chunks of the two row groups it needs", async () => {
    const key = await duck.write(
      "groups.parquet",
      `SELECT i AS id, md5(i::VARCHAR) AS hash, i * 2 AS twice FROM range(100000) t(i)`,
      "ROW_GROUP_SIZE 10000, COMPRESSION uncompressed",
    );
    const file = await openParquet(store, key);
    expect(file.rowGroups.length).toBe(10);
    expect(file.fetched.requests).toBe(1); // the footer, in one suffix read
    const footerBytes = file.fetched.bytes;

    // DuckDB rounds row groups to its vector size: find the boundary from the footer.
    const boundary = file.rowGroups[2]?.firstRow ?? 0;
    expect(boundary).toBeGreaterThan(10_000);
    const page = await file.read({ offset: boundary - 5, limit: 10, columns: ["id", "twice"] });
    expect(page.cells.map((r) => r[0])).toEqual(
      Array.from({ length: 10 }, (_, i) => String(boundary - 5 + i)),
    );
    expect(page.cells[9]?.[1]).toBe(String(2 * (boundary + 4)));

    const needed = [1, 2]
      .flatMap((g) => file.rowGroups[g]?.columns ?? [])
      .filter((c) => c.column === "id" || c.column === "twice")
      .reduce((sum, c) => sum + c.compressedBytes, 0);
    const rowsBytes = file.fetched.bytes - footerBytes;
    // Row group 1 is read to its end; of row group 2 a local file fetches only the start.
    const group1 = (file.rowGroups[1]?.columns ?? [])
      .filter((c) => c.column === "id" || c.column === "twice")
      .reduce((sum, c) => sum + c.compressedBytes, 0);
    expect(rowsBytes).toBeGreaterThanOrEqual(group1);
    expect(rowsBytes).toBeLessThanOrEqual(needed + 2 * 8192); // small gaps may be coalesced
    expect(file.fetched.requests).toBeLessThanOrEqual(1 + 4);
    expect(rowsBytes).toBeLessThan(statSize(key) / 5);

    // The next page lies in the same row groups: nothing more is fetched.
    const seen = { ...file.fetched };
    const next = await file.read({ offset: boundary + 5, limit: 10, columns: ["twice", "id"] });
    expect(next.cells[0]).toEqual([String(2 * (boundary + 5)), String(boundary + 5)]);
    expect(file.fetched).toEqual(seen);
  });

  it("reads a footer larger than its first guess with exactly one more read", async () => {
    const key = await duck.write(
      "wide.parquet",
      `SELECT ${Array.from({ length: 40 }, (_, c) => `i + ${c} AS column_${c}`).join(", ")} FROM range(20000) t(i)`,
      "ROW_GROUP_SIZE 2048",
    );
    const file = await openParquet(store, key, undefined, { footerGuess: 1024 });
    expect(file.fetched.requests).toBe(2);
    expect(file.rowGroups.length).toBeGreaterThan(5);
    expect(file.fetched.bytes).toBeLessThan(statSize(key) / 2);
    expect((await file.read({ offset: 5, limit: 1, columns: ["column_39"] })).cells).toEqual([["44"]]);
  });

  it("opens with a HEAD and a ranged read on a store that cannot read a tail with its size", async () => {
    const key = await duck.write("plain-store.parquet", sample, "ROW_GROUP_SIZE 100");
    const local = new LocalStore(duck.dir);
    // Only the required ObjectStore methods: no readTail.
    const plain = {
      kind: local.kind,
      root: local.root,
      requests: local.requests,
      uri: (k: string) => local.uri(k),
      list: (prefix: string) => local.list(prefix),
      head: (k: string) => local.head(k),
      read: (k: string, range?: { start: number; end: number }) => local.read(k, range),
      put: (k: string, body: string) => local.put(k, body),
      delete: (keys: string[]) => local.delete(keys),
    };
    const file = await openParquet(plain, key);
    expect(file.size).toBe(statSize(key));
    expect(local.requests).toEqual({ HeadObject: 1, GetObject: 1 });
    expect((await file.read({ offset: 998, limit: 5, columns: ["name"] })).cells).toEqual([
      ["name-998"],
      ["name-999"],
    ]);
  });
});

function statSize(key: string): number {
  return readFileSync(path.join(duck.dir, key)).byteLength;
}

describe("corrupt files", () => {
  async function failure(key: string): Promise<MedallionError> {
    const err = await openParquet(store, key).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MedallionError);
    return err as MedallionError;
  }

  it("says a file that is not Parquet is not Parquet", async () => {
    writeFileSync(path.join(duck.dir, "notes.parquet"), "id,name\n1,a\n2,b\n");
    const err = await failure("notes.parquet");
    expect(err.code).toBe("corrupt");
    expect(err.message).toBe("notes.parquet: footer: not a Parquet file (magic bytes missing)");
  });

  it("says a truncated file is truncated", async () => {
    const key = await duck.write("whole.parquet", sample);
    const bytes = readFileSync(path.join(duck.dir, key));
    writeFileSync(path.join(duck.dir, "cut.parquet"), bytes.subarray(0, bytes.byteLength - 100));
    const err = await failure("cut.parquet");
    expect(err.message).toBe(
      "cut.parquet: footer: truncated (the file starts like Parquet but its footer is missing)",
    );
  });

  it("names the row group and column whose data is damaged", async () => {
    const key = await duck.write(
      "damaged.parquet",
      "SELECT i AS id, 'v' || i AS amount FROM range(30000) t(i)",
      "ROW_GROUP_SIZE 10000, COMPRESSION zstd",
    );
    const file = await openParquet(store, key);
    const chunk = file.rowGroups[2]?.columns.find((c) => c.column === "amount");
    const meta = chunk ? await chunkStart(key, 2, 1) : 0;
    const bytes = readFileSync(path.join(duck.dir, key));
    bytes.fill(0xff, meta, meta + (chunk?.compressedBytes ?? 0));
    writeFileSync(path.join(duck.dir, "damaged2.parquet"), bytes);
    const damaged = await openParquet(store, "damaged2.parquet");
    expect((await damaged.read({ offset: 0, limit: 2 })).cells[1]).toEqual(["1", "v1"]);
    const err = await damaged.read({ offset: 25_000, limit: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MedallionError);
    expect((err as MedallionError).code).toBe("corrupt");
    expect((err as MedallionError).message).toMatch(/^damaged2\.parquet: row group 3, column amount: /);
  });
});

/** Offset of a column chunk, from DuckDB's own parquet_metadata. */
async function chunkStart(key: string, rowGroup: number, column: number): Promise<number> {
  const rows = await duck.query(
    `SELECT coalesce(dictionary_page_offset, data_page_offset) AS start FROM parquet_metadata('${path.join(duck.dir, key)}') WHERE row_group_id = ${rowGroup} AND column_id = ${column}`,
  );
  return Number(rows[0]?.start);
}
