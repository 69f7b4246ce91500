import { readFileSync } from "node:fs";
import path from "node:path";
import { parquetMetadata } from "hyparquet";
import { parquetHeader } from "hyparquet/src/column.js";
import { decompressPage } from "hyparquet/src/datapage.js";
import { compressors } from "hyparquet-compressors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFlatRows } from "../../src/parquet/flat-page.js";
import { readHybrid } from "../../src/parquet/hybrid.js";
import { openParquet } from "../../src/parquet/index.js";
import { ReadBudget } from "../../src/parquet/limits.js";
import { snappyLength, snappyPrefix } from "../../src/parquet/snappy-prefix.js";
import { LocalStore } from "../../src/storage/index.js";
import { parquetWriter } from "./_duckdb.js";

let duck: Awaited<ReturnType<typeof parquetWriter>>;
let store: LocalStore;

beforeAll(async () => {
  duck = await parquetWriter();
  store = new LocalStore(duck.dir);
});
afterAll(() => duck.close());

/** The compressed body and the whole decompressed bytes of the first data page of each column of a file. */
function firstPages(key: string): { column: string; body: Uint8Array; whole: Uint8Array }[] {
  const bytes = new Uint8Array(readFileSync(path.join(duck.dir, key)));
  const metadata = parquetMetadata(bytes.buffer);
  return (metadata.row_groups[0]?.columns ?? []).map((chunk) => {
    const meta = chunk.meta_data;
    if (!meta) throw new Error("no column metadata");
    const reader = {
      view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      offset: Number(meta.data_page_offset),
    };
    const header = parquetHeader(reader);
    const body = bytes.subarray(reader.offset, reader.offset + header.compressed_page_size);
    const whole = decompressPage(body, header.uncompressed_page_size, meta.codec, compressors);
    return { column: meta.path_in_schema.join("."), body, whole };
  });
}

describe("snappy prefix", () => {
  it("decodes exactly the first bytes of real snappy pages, for any length asked", async () => {
    const key = await duck.write(
      "snappy-pages.parquet",
      "SELECT i AS id, md5(i::VARCHAR) AS hash, repeat('ab', 1 + i % 50) AS runs FROM range(20000) t(i)",
      "COMPRESSION snappy",
    );
    const pages = firstPages(key);
    expect(pages.map((p) => p.column)).toEqual(["id", "hash", "runs"]);
    for (const { body, whole } of pages) {
      for (const limit of [0, 1, 5, 64, 1000, 4097, whole.length - 1, whole.length, whole.length + 10]) {
        const prefix = snappyPrefix(body, limit);
        expect(prefix.length).toBe(Math.min(limit, whole.length));
        expect(Buffer.from(prefix).equals(Buffer.from(whole.subarray(0, limit)))).toBe(true);
        expect(prefix.buffer.byteLength).toBe(prefix.length); // nothing past the prefix to read by mistake
      }
    }
  });

  it("decodes the start of a block cut inside a long literal (incompressible data)", async () => {
    const key = await duck.write(
      "random.parquet",
      "SELECT random() AS r FROM range(20000) t(i)",
      "COMPRESSION snappy",
    );
    const [page] = firstPages(key);
    if (!page) throw new Error("no page");
    const prefix = snappyPrefix(page.body.subarray(0, 1000), 900);
    expect(Buffer.from(prefix).equals(Buffer.from(page.whole.subarray(0, 900)))).toBe(true);
  });

  it("fails with a snappy error on a cut or damaged block, instead of returning wrong bytes", async () => {
    const key = await duck.write(
      "snappy-damaged.parquet",
      "SELECT md5(i::VARCHAR) AS hash FROM range(5000) t(i)",
    );
    const [page] = firstPages(key);
    if (!page) throw new Error("no page");
    expect(() => snappyPrefix(page.body.subarray(0, 40), page.whole.length)).toThrow(/^snappy: /);
    // The first element made a copy: it would copy from before the start of the output.
    const damaged = page.body.slice();
    const { start } = snappyLength(damaged);
    damaged[start] = 0x01;
    damaged[start + 1] = 0x10;
    expect(() => snappyPrefix(damaged, 10)).toThrow(/^snappy: copy from before the start/);
  });
});

describe("hybrid RLE / bit-packed reads", () => {
  it("reads the first values of a long run without writing the whole run", () => {
    // One RLE run of 122,880 ones (header 122,880 << 1 as a varint), bit width 1, then an unrelated byte.
    const header = [0x80, 0x80, 0x0f];
    expect(15 * 16384).toBe(245_760);
    const bytes = new Uint8Array([...header, 0x01, 0x42]);
    const reader = { view: new DataView(bytes.buffer), offset: 0 };
    const out = new Uint8Array(50);
    readHybrid(reader, 1, out);
    expect([...out]).toEqual(new Array(50).fill(1));
    expect(reader.offset).toBe(4);
  });

  it("reads bit-packed values least significant bit first, as the Parquet spec's example", () => {
    // The spec's example: 0..7 at bit width 3 packs to 10001000 11000110 11111010.
    const bytes = new Uint8Array([0x03, 0x88, 0xc6, 0xfa, 0x04, 0x05]);
    const reader = { view: new DataView(bytes.buffer), offset: 0 };
    const out = new Int32Array(10);
    readHybrid(reader, 3, out);
    expect([...out]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 5, 5]); // then an RLE run of two 5s
    expect(reader.offset).toBe(6);
  });

  it("throws past the end of the data", () => {
    const bytes = new Uint8Array([0x03, 0x88]);
    expect(() => readHybrid({ view: new DataView(bytes.buffer), offset: 0 }, 3, new Int32Array(8))).toThrow(
      RangeError,
    );
  });
});

describe("pages whose first rows take more than their share", () => {
  // Long strings first and short ones after, nulls scattered through the page (bit-packed levels): the
  // first prefix guessed from the page's average is too short, and the reader must ask for more.
  const skewed = `SELECT
    CASE WHEN i < 60 THEN repeat(md5(i::VARCHAR), 200) ELSE 'x' END AS text,
    CASE WHEN hash(i) % 3 = 0 THEN NULL ELSE i END AS sparse,
    CASE WHEN i < 60 THEN NULL ELSE md5(i::VARCHAR) END AS late
  FROM range(100000) t(i)`;

  it("reads more of the page until the rows fit, and shows what decoding the whole page shows", async () => {
    const key = await duck.write("skewed.parquet", skewed, "ROW_GROUP_SIZE 100000, COMPRESSION snappy");
    const partial = await openParquet(store, key);
    const whole = await openParquet(store, key, undefined, { partialPages: false });
    for (const [offset, limit] of [
      [0, 50],
      [55, 10],
      [99_950, 50],
    ] as const) {
      const a = await partial.read({ offset, limit });
      const b = await whole.read({ offset, limit });
      expect(a.cells).toEqual(b.cells);
      expect(a.cells).toHaveLength(limit);
    }
    expect((await partial.read({ limit: 1 })).cells[0]?.[0]?.startsWith("cfcd2084")).toBe(true);
  });

  it("takes the partial path for them (nothing left to hyparquet)", async () => {
    const key = await duck.write("skewed-v1.parquet", skewed, "ROW_GROUP_SIZE 100000, COMPRESSION snappy");
    const bytes = new Uint8Array(readFileSync(path.join(duck.dir, key)));
    const metadata = parquetMetadata(bytes.buffer);
    for (const chunk of metadata.row_groups[0]?.columns ?? []) {
      const meta = chunk.meta_data;
      if (!meta) throw new Error("no column metadata");
      const element = metadata.schema.find((e) => e.name === meta.path_in_schema[0]);
      const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
      const body = bytes.subarray(start, start + Number(meta.total_compressed_size));
      expect(element && readFlatRows(body, meta, element, 0, 50, new ReadBudget("t.parquet"))).toHaveLength(
        50,
      );
    }
  });
});

describe("reading only the start of the chunks from a local file", () => {
  it("fetches a small share of the chunks for the first rows, and shows what whole chunks show", async () => {
    const key = await duck.write(
      "long-chunks.parquet",
      "SELECT i AS id, md5(i::VARCHAR) AS hash, (['a','b','c'])[1 + i % 3] AS tag FROM range(120000) t(i)",
      "ROW_GROUP_SIZE 120000, COMPRESSION snappy",
    );
    const partial = await openParquet(store, key);
    const whole = await openParquet(store, key, undefined, { partialPages: false });
    const footer = partial.fetched.bytes;
    const page = await partial.read({ limit: 50 });
    expect(page.cells).toEqual((await whole.read({ limit: 50 })).cells);
    const chunks = (partial.rowGroups[0]?.columns ?? []).reduce((sum, c) => sum + c.compressedBytes, 0);
    expect(partial.fetched.requests).toBeLessThanOrEqual(1 + 3); // the footer, then at most one read a chunk
    expect(partial.fetched.bytes - footer).toBeLessThan(chunks / 10);
  });

  it("reads the whole chunk once when the rows reach past the start fetched", async () => {
    // The first rows are long (and do not compress) and the rest short: the rows' share of the chunk
    // understates their bytes.
    const key = await duck.write(
      "front-heavy.parquet",
      "SELECT CASE WHEN i < 60 THEN array_to_string(list_transform(range(200), j -> md5((i * 1000 + j)::VARCHAR)), '') ELSE md5(i::VARCHAR) END AS text FROM range(100000) t(i)",
      "ROW_GROUP_SIZE 100000, COMPRESSION snappy",
    );
    const partial = await openParquet(store, key);
    const whole = await openParquet(store, key, undefined, { partialPages: false });
    const page = await partial.read({ limit: 50 });
    expect(page.cells).toEqual((await whole.read({ limit: 50 })).cells);
    expect(String(page.values[49]?.[0]).length).toBe(6400);
    expect(partial.size).toBeGreaterThan(1024 * 1024); // more than the footer read holds
    expect(partial.fetched.requests).toBe(3); // footer, the start of the chunk, then all of it
  });
});
