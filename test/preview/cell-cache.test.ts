// The terminal UI's reads of a Parquet file over S3 (moto): only the columns on screen, one GET per
// horizontal page, nothing for what was read before, only the last row group for the last rows.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CellCache } from "../../src/preview/cell-cache.js";
import { openPreview, type Preview } from "../../src/preview/index.js";
import { LocalStore } from "../../src/storage/index.js";
import { S3Store } from "../../src/storage/s3-store.js";
import { parquetWriter } from "../parquet/_duckdb.js";

const endpoint = inject("motoEndpoint");
const bucket = `cells-${randomBytes(4).toString("hex")}`;
const KEY = "silver/web/wide/part-0.parquet";
const COLUMNS = 30;
const ROWS = 100_000;
let duck: Awaited<ReturnType<typeof parquetWriter>>;
let store: S3Store;

// 30 columns: an id, then strings and numbers that compress badly, so every chunk has a real size.
const select = `SELECT i AS id, ${Array.from({ length: COLUMNS - 1 }, (_, c) =>
  c % 2 === 0 ? `md5((i * ${c + 7})::VARCHAR) AS s${c + 1}` : `hash(i + ${c}) AS n${c + 1}`,
).join(", ")} FROM range(${ROWS}) t(i)`;

beforeAll(async () => {
  await new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" }).send(
    new CreateBucketCommand({ Bucket: bucket }),
  );
  store = new S3Store({ bucket, prefix: "lake/", endpointUrl: endpoint });
  duck = await parquetWriter();
  const name = await duck.write("wide.parquet", select, "ROW_GROUP_SIZE 20480, COMPRESSION snappy");
  await store.put(KEY, readFileSync(path.join(duck.dir, name)));
}, 120_000);
afterAll(() => duck.close());

/** Bytes of the chunks of `columns` in row group `group`. */
function chunkBytes(preview: Preview, group: number, columns: string[]): number {
  const chunks = preview.parquet?.rowGroups[group]?.columns ?? [];
  return chunks.filter((c) => columns.includes(c.column)).reduce((s, c) => s + c.compressedBytes, 0);
}

/** What a step cost: GETs and bytes fetched while `step` ran. */
async function cost(preview: Preview, step: () => Promise<unknown>) {
  const before = { ...preview.fetched };
  await step();
  return {
    requests: preview.fetched.requests - before.requests,
    bytes: preview.fetched.bytes - before.bytes,
  };
}

describe("the screen's reads, through the cell cache (S3 on moto)", () => {
  it("reads only the columns on screen, one GET per horizontal page, nothing twice", async () => {
    const preview = await openPreview(store, KEY);
    const cache = new CellCache(preview);
    const names = preview.columns.map((c) => c.name);
    const first = names.slice(0, 6);
    const firstPage = await cost(preview, () => cache.load(0, 21, first));
    expect(firstPage.requests).toBe(1);
    expect(firstPage.bytes).toBe(chunkBytes(preview, 0, first));
    expect(firstPage.bytes).toBeLessThan(preview.size / 20); // not the whole row group
    expect(cache.window(0, 21, first)[20]?.cells).toEqual(
      (await duck.query(`SELECT ${first.join(", ")} FROM (${select}) WHERE id = 20`)).map((r) =>
        Object.values(r).map(String),
      )[0],
    );

    // Three pages to the right (the first column stays pinned): one GET each, of those columns only.
    for (let page = 1; page <= 3; page++) {
      const shown = ["id", ...names.slice(page * 5 + 1, page * 5 + 6)];
      const right = await cost(preview, () => cache.load(0, 21, shown));
      expect(right).toEqual({ requests: 1, bytes: chunkBytes(preview, 0, shown.slice(1)) });
      expect(cache.window(0, 21, shown)[0]?.cells.every((c) => c !== undefined)).toBe(true);
    }
    // Back left, and down a page within the same rows read: nothing fetched.
    expect(await cost(preview, () => cache.load(0, 21, first))).toEqual({ requests: 0, bytes: 0 });
    expect(await cost(preview, () => cache.load(21, 21, first))).toEqual({ requests: 0, bytes: 0 });
    // Down into rows of the same row group not read yet: decoded from the chunks held, no GET.
    expect(await cost(preview, () => cache.load(5_000, 21, first))).toEqual({ requests: 0, bytes: 0 });
    expect(cache.window(5_000, 1, ["id"])[0]?.cells).toEqual(["5000"]);
  });

  it("reads only the last row group's chunks of the columns on screen for the last rows (G)", async () => {
    const preview = await openPreview(store, KEY);
    const cache = new CellCache(preview);
    const groups = preview.parquet?.rowGroups ?? [];
    expect(groups.length).toBe(5);
    const shown = preview.columns.slice(0, 6).map((c) => c.name);
    const last = await cost(preview, () => cache.load(ROWS - 21, 21, shown));
    expect(last).toEqual({ requests: 1, bytes: chunkBytes(preview, groups.length - 1, shown) });
    expect(last.bytes).toBeLessThan(preview.size / 10); // 6 of 30 columns in 1 of 5 row groups
    const rows = cache.window(ROWS - 21, 21, shown);
    expect(rows).toHaveLength(21);
    expect(rows[20]?.index).toBe(ROWS - 1);
    expect(rows[20]?.cells[0]).toBe(String(ROWS - 1));
    expect(cache.hasRowAfter(ROWS - 1)).toBe(false);
  });

  it("gives every column of row 1,300 as DuckDB reads it, for the record view", async () => {
    const preview = await openPreview(store, KEY);
    const cache = new CellCache(preview);
    const names = preview.columns.map((c) => c.name);
    await cache.load(1_299, 1, names);
    const [row] = cache.window(1_299, 1, names);
    const [expected] = await duck.query(`SELECT * FROM (${select}) WHERE id = 1299`);
    expect(row?.index).toBe(1_299);
    expect(row?.cells).toEqual(Object.values(expected ?? {}).map(String));
  });
});

describe("the cell cache on a text object", () => {
  it("knows the end once read, and reads whole blocks (a text object's columns are known only when read)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "medallion-cells-"));
    writeFileSync(
      path.join(dir, "events.csv"),
      `id,name\n${Array.from({ length: 250 }, (_, i) => `${i},name-${i}`).join("\n")}\n`,
    );
    const preview = await openPreview(new LocalStore(dir), "events.csv");
    const cache = new CellCache(preview);
    await cache.load(200, 21, ["name"]);
    const rows = cache.window(200, 100, ["id", "name"]);
    expect(rows).toHaveLength(50);
    expect(rows[49]?.cells).toEqual(["249", "name-249"]);
    expect(cache.totalRows).toBe(250);
    expect(cache.hasRowAfter(248)).toBe(true);
    expect(cache.hasRowAfter(249)).toBe(false);
  });
});
