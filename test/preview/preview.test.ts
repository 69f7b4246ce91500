import { writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MedallionError, NotFoundError } from "../../src/errors.js";
import { openPreview } from "../../src/preview/index.js";
import { LocalStore } from "../../src/storage/index.js";
import { parquetWriter } from "../parquet/_duckdb.js";

let duck: Awaited<ReturnType<typeof parquetWriter>>;
let store: LocalStore;

function put(name: string, body: string | Uint8Array): string {
  writeFileSync(path.join(duck.dir, name), body);
  return name;
}

beforeAll(async () => {
  duck = await parquetWriter();
  store = new LocalStore(duck.dir);
});
afterAll(() => duck.close());

describe("CSV", () => {
  it("parses a header, quoted fields with commas, quotes and newlines, and flags a short line", async () => {
    const key = put(
      "orders.csv",
      'id,note,amount\r\n1,"plain",10.5\r\n2,"with, comma",3\r\n3,"two\nlines and ""quotes""",7\r\n4,short\r\n',
    );
    const preview = await openPreview(store, key);
    expect(preview.format).toBe("csv");
    expect(preview.columns).toEqual([
      { name: "id", type: "integer" },
      { name: "note", type: "string" },
      { name: "amount", type: "double" },
    ]);
    const page = await preview.rows();
    expect(page.rows.map((r) => r.cells)).toEqual([
      ["1", "plain", "10.5"],
      ["2", "with, comma", "3"],
      ["3", 'two\\nlines and "quotes"', "7"],
      ["4", "short", null],
    ]);
    expect(page.rows[2]?.values[1]).toBe('two\nlines and "quotes"');
    expect(page.rows[3]?.note).toBe("line 6: 2 fields, the header has 3");
    expect(page.rows.slice(0, 3).every((r) => r.note === undefined)).toBe(true);
    expect(preview.totalRows).toBe(4);
    expect(page.hasMore).toBe(false);
  });

  it("reads a semicolon-separated file and picks columns in the order asked", async () => {
    const key = put("eu.csv", "a;b;c\n1;2;3\n4;5;6\n");
    const preview = await openPreview(store, key);
    const page = await preview.rows({ offset: 1, columns: ["c", "a"] });
    expect(page.columns.map((c) => c.name)).toEqual(["c", "a"]);
    expect(page.rows).toEqual([{ index: 1, cells: ["6", "4"], values: ["6", "4"] }]);
    await expect(preview.rows({ columns: ["nope"] })).rejects.toThrow(
      'no column "nope" in eu.csv (columns: a, b, c)',
    );
  });

  it("reads only the head of a large file, and more of it when paging further", async () => {
    const lines = ["id,hash"];
    for (let i = 0; i < 100_000; i++) lines.push(`${i},"${(i * 2654435761).toString(16).padStart(16, "0")}"`);
    const key = put("big.csv", `${lines.join("\n")}\n`);
    const preview = await openPreview(store, key);
    const size = (await store.head(key)).size;
    expect(size).toBeGreaterThan(2_000_000);
    const first = await preview.rows({ limit: 50 });
    expect(first.rows[49]?.cells).toEqual(["49", (49 * 2654435761).toString(16).padStart(16, "0")]);
    expect(first.hasMore).toBe(true);
    expect(preview.fetched).toEqual({ bytes: 256 * 1024, requests: 1 });
    expect(preview.totalRows).toBeUndefined();
    expect(preview.notes[0]).toMatch(/^rows from the first 256 KiB of 2\.\d MiB$/);

    const far = await preview.rows({ offset: 20_000, limit: 3 });
    expect(far.rows.map((r) => r.cells[0])).toEqual(["20000", "20001", "20002"]);
    expect(preview.fetched.requests).toBeGreaterThan(1);
    expect(preview.fetched.bytes).toBeLessThan(size);
  });

  it("stream-decompresses the head of a gzip CSV written by DuckDB and drops the cut-off tail", async () => {
    const key = "events.csv.gz";
    await duck.query(
      `COPY (SELECT i AS id, md5(i::VARCHAR) || md5((i * 7)::VARCHAR) AS payload FROM range(200000) t(i)) TO '${path.join(duck.dir, key)}' (FORMAT csv, HEADER, COMPRESSION gzip)`,
    );
    const size = (await store.head(key)).size;
    expect(size).toBeGreaterThan(1024 * 1024);
    const preview = await openPreview(store, key);
    expect(preview.compression).toBe("gzip");
    const page = await preview.rows({ limit: 5 });
    expect(page.rows.map((r) => r.cells[0])).toEqual(["0", "1", "2", "3", "4"]);
    const [expected] = await duck.query("SELECT md5('4') || md5('28') AS p");
    expect(page.rows[4]?.cells[1]).toBe(expected?.p);
    expect(preview.fetched.requests).toBe(1);
    expect(preview.fetched.bytes).toBe(256 * 1024);
    expect(page.rows.every((r) => r.note === undefined)).toBe(true);
  });
});

describe("JSON lines", () => {
  it("takes columns from the objects in first-seen order, shows nested values and flags bad lines", async () => {
    const key = put(
      "clicks.json",
      [
        '{"id": 1, "user": {"name": "ana", "tags": ["a", "b"]}}',
        '{"id": 2, "page": "/home", "user": null}',
        "{not json",
        "",
        "[1, 2]",
        '{"id": 3.5, "page": "/about\\tus"}',
      ].join("\n"),
    );
    const preview = await openPreview(store, key);
    expect(preview.format).toBe("jsonl");
    expect(preview.columns).toEqual([
      { name: "id", type: "double" },
      { name: "user", type: "struct" },
      { name: "page", type: "string" },
    ]);
    const page = await preview.rows();
    expect(page.rows.map((r) => r.cells)).toEqual([
      ["1", '{name: "ana", tags: ["a", "b"]}', null],
      ["2", null, "/home"],
      [null, null, null],
      [null, null, null],
      ["3.5", null, "/about\\tus"],
    ]);
    expect(page.rows[2]?.note).toMatch(/^line 3: not valid JSON \(/);
    expect(page.rows[3]?.note).toBe("line 5: an array, not a JSON object");
    expect(page.rows[0]?.values[1]).toEqual({ name: "ana", tags: ["a", "b"] });
  });

  it("previews gzip JSON lines whose name says only .gz, by their first bytes", async () => {
    const body = Array.from({ length: 20 }, (_, i) => JSON.stringify({ n: i, sq: i * i })).join("\n");
    const key = put("export-0001.gz", gzipSync(body));
    const preview = await openPreview(store, key);
    expect(preview.format).toBe("jsonl");
    expect(preview.compression).toBe("gzip");
    expect(preview.totalRows).toBe(20);
    const page = await preview.rows({ offset: 18 });
    expect(page.rows.map((r) => r.cells)).toEqual([
      ["18", "324"],
      ["19", "361"],
    ]);
  });
});

describe("Parquet and detection", () => {
  it("previews Parquet through the same grid, with the footer details", async () => {
    const key = await duck.write(
      "part-0.parquet",
      "SELECT i AS id, 'n' || i AS name, [i] AS xs FROM range(120) t(i)",
      "ROW_GROUP_SIZE 2048",
    );
    const preview = await openPreview(store, key);
    expect(preview.format).toBe("parquet");
    expect(preview.totalRows).toBe(120);
    expect(preview.columns).toEqual([
      { name: "id", type: "int64" },
      { name: "name", type: "string" },
      { name: "xs", type: "list<int64>" },
    ]);
    expect(preview.parquet?.createdBy).toMatch(/DuckDB/);
    expect(preview.parquet?.rowGroups[0]?.columns.map((c) => c.column)).toEqual([
      "id",
      "name",
      "xs.list.element",
    ]);
    const page = await preview.rows({ offset: 118, limit: 50, columns: ["xs", "name"] });
    expect(page.rows).toEqual([
      { index: 118, cells: ["[118]", "n118"], values: [[118], "n118"] },
      { index: 119, cells: ["[119]", "n119"], values: [[119], "n119"] },
    ]);
    expect(page.hasMore).toBe(false);
    expect(preview.fetched.requests).toBe(1); // a small file: the footer read holds it all
  });

  it("recognises Parquet with no extension by its magic bytes", async () => {
    await duck.write("part-00000-c000", "SELECT 1 AS one");
    const preview = await openPreview(store, "part-00000-c000");
    expect(preview.format).toBe("parquet");
    expect((await preview.rows()).rows[0]?.cells).toEqual(["1"]);
  });

  it("refuses binary that is none of the formats, in one line", async () => {
    const key = put("blob.bin", new Uint8Array([0, 1, 2, 3, 0, 9, 200, 0]));
    const err = await openPreview(store, key).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MedallionError);
    expect((err as MedallionError).message).toMatch(
      /^blob\.bin: cannot preview: not Parquet, JSON lines or CSV/,
    );
  });

  it("does not take text with another extension (a config, a log) for CSV", async () => {
    const key = put("medallion.yaml", new TextEncoder().encode("lake: .\ncatalog: local\n"));
    const err = await openPreview(store, key).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MedallionError);
    expect((err as MedallionError).message).toMatch(
      /^medallion\.yaml: cannot preview: not Parquet, JSON lines or CSV/,
    );
  });

  it("reads text with no extension (Hive's 000000_0) as CSV", async () => {
    const key = put("000000_0", new TextEncoder().encode("id,name\n1,ann\n2,bo\n"));
    const preview = await openPreview(store, key);
    expect(preview.format).toBe("csv");
    expect((await preview.rows()).rows.map((r) => r.cells)).toEqual([
      ["1", "ann"],
      ["2", "bo"],
    ]);
  });

  it("says a missing object is not found", async () => {
    await expect(openPreview(store, "nope/part-0.parquet")).rejects.toBeInstanceOf(NotFoundError);
  });
});
