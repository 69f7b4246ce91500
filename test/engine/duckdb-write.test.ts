import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DuckDbEngine } from "../../src/engine/duckdb.js";
import { LocalStore } from "../../src/storage/index.js";
import { duck } from "../promote/shop-lake.js";

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** Rows of random text (zstd cannot shrink them much), `big` in one partition, 500 in another. */
const rowsSql = (big: number) => `SELECT i, md5(i::VARCHAR) || md5((i * 7)::VARCHAR) AS h,
  CASE WHEN i < ${big} THEN 'big' ELSE 'small' END AS p FROM range(${big + 500}) t(i)`;

describe("DuckDB engine writes", () => {
  it("splits a big partition into files near the file size and writes a small one as one file", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "medallion-write-"));
    roots.push(root);
    const cap = 1024 * 1024;
    const engine = await DuckDbEngine.open(new LocalStore(root), {
      fileSizeBytes: cap,
      rowGroupRows: 4_096,
    });
    try {
      const written = await engine.write(rowsSql(200_000), {
        prefix: "silver/t/x/",
        partitionKeys: ["p"],
        fileStem: "part-run1",
      });
      expect(written.map((w) => [w.path, w.rows])).toEqual([
        ["p=big", 200_000],
        ["p=small", 500],
      ]);
      const big = path.join(root, "silver/t/x/p=big");
      const sizes = readdirSync(big).map((f) => statSync(path.join(big, f)).size);
      const total = sizes.reduce((a, b) => a + b, 0);
      // ~8 MB of zstd-compressed text: as many files as make each near 1 MiB, none tiny.
      expect(Math.abs(sizes.length - total / cap)).toBeLessThanOrEqual(1);
      for (const size of sizes) {
        expect(size).toBeGreaterThan(0.5 * cap);
        expect(size).toBeLessThan(1.5 * cap);
      }
      expect(readdirSync(path.join(root, "silver/t/x/p=small"))).toEqual(["part-run1-0.parquet"]);
      expect(written[0]?.objectKeys.length).toBe(sizes.length);
      // Every row once; row groups of at most 4,096 rows (DuckDB counts in vectors of 2,048); zstd; no partition column in the files.
      const [check] = await duck(`SELECT count(*) AS n, count(DISTINCT i) AS distinct_i,
          (SELECT max(row_group_num_rows) FROM parquet_metadata('${root}/silver/t/x/*/*.parquet')) AS largest,
          (SELECT list(DISTINCT compression) FROM parquet_metadata('${root}/silver/t/x/*/*.parquet')) AS codecs
        FROM read_parquet('${root}/silver/t/x/*/*.parquet', hive_partitioning = true)`);
      expect(check).toEqual({ n: "200500", distinct_i: "200500", largest: "4096", codecs: ["ZSTD"] });
      const [file] = await duck(`DESCRIBE SELECT * FROM read_parquet('${big}/*.parquet')`);
      expect(file?.column_name).toBe("i");
    } finally {
      await engine.close();
    }
  });
});
