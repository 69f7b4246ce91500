// A Glue that refuses the WHERE's partition expression (InvalidInputException, as Glue answers for some
// expressions on some tables): the query lists every partition instead and returns the same rows. Glue
// through the real SDK with a mocked GlueClient (moto evaluates every expression it is sent); the
// partitions' files on a local folder, read by DuckDB for real. Also: a name without a database is looked
// up in the lake's layer databases only, never in every database of the account.
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  GetDatabasesCommand,
  GetPartitionsCommand,
  GetTableCommand,
  GetTablesCommand,
  GlueClient,
  InvalidInputException,
  type Partition,
} from "@aws-sdk/client-glue";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { type Lake, openLake } from "../../src/lake/index.js";
import { duckDbQuery } from "../../src/query/duckdb-query.js";
import { duck } from "../promote/shop-lake.js";

const DAYS = ["2024-01-01", "2024-01-02", "2024-01-03"];
const SHARDS = [1, 2];
const PARQUET = {
  InputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
  SerdeInfo: { SerializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" },
};
const glue = mockClient(GlueClient);
let dir: string;
let lake: Lake;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "medallion-glue-fallback-"));
  const location = path.join(dir, "silver/sales/orders");
  const partitions: Partition[] = [];
  for (const [d, day] of DAYS.entries()) {
    for (const shard of SHARDS) {
      // Partition (day d, shard s) holds d * 10 + s rows, ids 0…, so each count names its partitions.
      const folder = path.join(location, `day=${day}`, `shard=${shard}`);
      mkdirSync(folder, { recursive: true });
      await duck(
        `COPY (SELECT range AS id FROM range(${d * 10 + shard})) TO '${folder}/part-0.parquet' (FORMAT parquet)`,
      );
      partitions.push({
        Values: [day, String(shard)],
        StorageDescriptor: { ...PARQUET, Location: `${folder}/`, Columns: [{ Name: "id", Type: "bigint" }] },
      });
    }
  }
  const table = {
    Name: "orders",
    DatabaseName: "sales",
    TableType: "EXTERNAL_TABLE",
    StorageDescriptor: { ...PARQUET, Location: `${location}/`, Columns: [{ Name: "id", Type: "bigint" }] },
    PartitionKeys: [
      { Name: "day", Type: "string" },
      { Name: "shard", Type: "int" },
    ],
  };
  glue.on(GetTableCommand).resolves({ Table: table });
  glue
    .on(GetTablesCommand)
    .callsFake((input) => ({ TableList: input.DatabaseName === "sales" ? [table] : [] }));
  glue.on(GetDatabasesCommand).rejects(new Error("the account's databases are not the lake's"));
  glue.on(GetPartitionsCommand).callsFake((input) => {
    if (input.Expression !== undefined)
      throw new InvalidInputException({
        message: "Unsupported expression",
        $metadata: { httpStatusCode: 400 },
      });
    // Every partition once: in the first segment when the catalog reads segments.
    return { Partitions: (input.Segment?.SegmentNumber ?? 0) === 0 ? partitions : [] };
  });
  // Every layer's tables in one Glue database, `sales`.
  lake = openLake({ ...loadConfig({ lake: dir, catalog: "glue", region: "us-east-1" }), database: "sales" });
});
afterAll(async () => {
  glue.restore();
  await lake?.close();
});

describe("a query whose partition expression Glue refuses", () => {
  it("lists every partition instead, without the expression, and returns the rows of the partitions the WHERE names", async () => {
    const result = await duckDbQuery(
      lake,
      "SELECT count(*) AS n, max(id) AS top FROM sales.orders WHERE day = '2024-01-02' AND shard = 1",
    );
    expect(result.values).toEqual([["11", "10"]]);
    // Not said to be Glue-filtered: every partition was listed, DuckDB kept the one the WHERE names.
    expect(result.stats.tables[0]?.partitions).toEqual({ read: 1, total: 6 });
    expect(result.stats.tables[0]?.files).toBe(1);
    const asked = glue.commandCalls(GetPartitionsCommand).map((c) => c.args[0].input.Expression);
    expect(asked[0]).toBe("day = '2024-01-02' AND shard = 1");
    expect(asked.filter((e) => e !== undefined)).toHaveLength(1);
    expect(asked.length).toBeGreaterThan(1);
  });

  it("counts the same rows over several partitions as the files hold", async () => {
    const result = await duckDbQuery(
      lake,
      "SELECT count(*) AS n FROM sales.orders WHERE day IN ('2024-01-01', '2024-01-03') AND shard > 1",
    );
    expect(result.values).toEqual([[String(2 + 22)]]);
    expect(result.stats.tables[0]?.partitions).toEqual({ read: 2, total: 6 });
  });
});

describe("a table named without its database, over Glue", () => {
  it("is found in the lake's layer databases alone, without listing the account's databases", async () => {
    const before = glue.commandCalls(GetTablesCommand).length;
    const result = await duckDbQuery(lake, "SELECT count(*) AS n FROM orders WHERE day = '2024-01-02'");
    expect(result.values).toEqual([[String(11 + 12)]]);
    expect(result.stats.tables.map((t) => t.name)).toEqual(["sales.orders"]);
    expect(glue.commandCalls(GetDatabasesCommand)).toHaveLength(0);
    // bronze, silver and gold all name `sales`: listed once.
    const listed = glue.commandCalls(GetTablesCommand).slice(before);
    expect(listed.map((c) => c.args[0].input.DatabaseName)).toEqual(["sales"]);
  });
});
