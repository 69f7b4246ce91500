import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openParquet } from "../../src/parquet/index.js";
import { LocalStore } from "../../src/storage/index.js";
import { hiveColumns } from "../../src/sync/hive-types.js";
import { parquetWriter } from "../parquet/_duckdb.js";

describe("hiveColumns from a real Parquet footer", () => {
  let writer: Awaited<ReturnType<typeof parquetWriter>>;
  beforeAll(async () => {
    writer = await parquetWriter();
  });
  afterAll(() => writer.close());

  it("maps Parquet logical types to the Hive types Glue and Athena expect, names lowercased", async () => {
    await writer.write(
      "all.parquet",
      `SELECT 1::BIGINT AS "OrderId", 2::INTEGER AS qty, 3::SMALLINT AS s, 4::TINYINT AS t,
              TIMESTAMP '2024-01-15 10:00:00' AS created_at, TIMESTAMPTZ '2024-01-15 10:00:00+00' AS seen_at,
              12.5::DECIMAL(10,2) AS amount, DATE '2024-01-15' AS day, 'x' AS note, true AS paid,
              1.5::DOUBLE AS ratio, 2.5::FLOAT AS f, [1, 2]::BIGINT[] AS tags,
              {'City': 'Oslo', 'zip': 123} AS address, MAP {'a': 1.5} AS scores,
              [{'k': 'v'}] AS pairs, 'abc'::BLOB AS raw`,
    );
    const file = await openParquet(new LocalStore(writer.dir), "all.parquet");
    expect(hiveColumns(file.schema)).toEqual([
      { name: "orderid", type: "bigint" },
      { name: "qty", type: "int" },
      { name: "s", type: "smallint" },
      { name: "t", type: "tinyint" },
      { name: "created_at", type: "timestamp" },
      { name: "seen_at", type: "timestamp" },
      { name: "amount", type: "decimal(10,2)" },
      { name: "day", type: "date" },
      { name: "note", type: "string" },
      { name: "paid", type: "boolean" },
      { name: "ratio", type: "double" },
      { name: "f", type: "float" },
      { name: "tags", type: "array<bigint>" },
      { name: "address", type: "struct<city:string,zip:int>" },
      { name: "scores", type: "map<string,decimal(2,1)>" },
      { name: "pairs", type: "array<struct<k:string>>" },
      { name: "raw", type: "binary" },
    ]);
  });
});
