// Queries over a Glue-catalogued S3 lake on moto_server: the WHERE's tests on partition columns go to
// GetPartitions as Glue's partition expression (only what Glue can evaluate the way DuckDB does), and
// the rows are the same as when every partition is listed.
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { CatalogTable } from "../../src/catalog/index.js";
import { loadConfig } from "../../src/config/index.js";
import { DuckDbEngine } from "../../src/engine/duckdb.js";
import { MedallionError } from "../../src/errors.js";
import { type Lake, openLake } from "../../src/lake/index.js";
import { duckDbQuery, listedPartitions } from "../../src/query/duckdb-query.js";
import { glueExpression } from "../../src/query/glue-expression.js";
import { parseSelect } from "../../src/query/parse.js";
import { tableUses } from "../../src/query/sql-tree.js";
import { LocalStore } from "../../src/storage/index.js";
import { parquetWriter } from "../parquet/_duckdb.js";

const endpoint = inject("motoEndpoint");
const bucket = `glue-expr-${randomBytes(4).toString("hex")}`;
const database = `db_${randomBytes(4).toString("hex")}`;
const DAYS = ["2024-01-01", "2024-01-02", "2024-01-03"];
const SHARDS = [1, 2];
const KEYS = [
  { name: "day", type: "string" },
  { name: "shard", type: "int" },
];
let lake: Lake;
let duck: Awaited<ReturnType<typeof parquetWriter>>;

beforeAll(async () => {
  await new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" }).send(
    new CreateBucketCommand({ Bucket: bucket }),
  );
  lake = openLake(
    loadConfig({ lake: `s3://${bucket}/prod`, catalog: "glue", region: "us-east-1", endpointUrl: endpoint }),
  );
  duck = await parquetWriter();
  const location = `s3://${bucket}/prod/silver/sales/orders/`;
  const catalog = await lake.catalog();
  await catalog.ensureDatabase(database);
  await catalog.putTable({
    database,
    name: "orders",
    location,
    format: "parquet",
    columns: [{ name: "id", type: "bigint" }],
    partitionKeys: KEYS,
  });
  const partitions = [];
  for (const [d, day] of DAYS.entries()) {
    for (const shard of SHARDS) {
      // Partition (day d, shard s) holds d * 10 + s rows, so each count names its partitions.
      const file = `orders-${day}-${shard}.parquet`;
      await duck.write(file, `SELECT range AS id FROM range(${d * 10 + shard})`);
      const folder = `silver/sales/orders/day=${day}/shard=${shard}`;
      await lake.store.put(`${folder}/part-0.parquet`, readFileSync(path.join(duck.dir, file)));
      partitions.push({
        values: [day, String(shard)],
        location: `${location}day=${day}/shard=${shard}/`,
        format: "parquet" as const,
      });
    }
  }
  await catalog.addPartitions(database, "orders", partitions);
}, 120_000);
afterAll(async () => {
  duck?.close();
  if (duck) rmSync(duck.dir, { recursive: true, force: true });
});

/** The Glue expression `medallion query` sends for `where` over the orders table. */
async function expressionFor(where: string): Promise<string | undefined> {
  const engine = await DuckDbEngine.open(new LocalStore(duck.dir));
  try {
    const statement = await parseSelect(engine, `SELECT * FROM ${database}.orders ${where}`);
    const shapes = new Map([
      [`${database}.orders`, { partitionKeys: ["day", "shard"], columns: ["id", "day", "shard"] }],
    ]);
    return glueExpression(
      KEYS,
      tableUses(statement, shapes).map((u) => u.filters),
    );
  } finally {
    await engine.close();
  }
}

describe("the WHERE as Glue's partition expression", () => {
  it("sends equality and IN on string keys, comparisons on integer keys, constants on either side", async () => {
    expect(await expressionFor("WHERE day = '2024-01-02' AND shard = 1")).toBe(
      "day = '2024-01-02' AND shard = 1",
    );
    expect(await expressionFor("WHERE day IN ('2024-01-01', '2024-01-03') AND 1 < shard")).toBe(
      "day IN ('2024-01-01', '2024-01-03') AND shard > 1",
    );
    expect(await expressionFor("WHERE shard BETWEEN 1 AND 2 AND id > 3")).toBe("shard BETWEEN 1 AND 2");
  });

  it("leaves out what Glue would read otherwise, and sends nothing when a use may read any partition", async () => {
    // Glue orders strings its own way, an int key against text and a quote are not sent as they are.
    expect(await expressionFor("WHERE day > '2024-01-01' AND shard = 2")).toBe("shard = 2");
    expect(await expressionFor("WHERE shard = '1'")).toBeUndefined();
    expect(await expressionFor("WHERE day = 'it''s'")).toBeUndefined();
    expect(await expressionFor("WHERE id = 1")).toBeUndefined();
    expect(await expressionFor("")).toBeUndefined();
  });
});

describe("a query over Glue on moto_server", () => {
  it("lists only the partitions Glue matches and counts the same rows as listing them all", async () => {
    const sql = `SELECT count(*) AS n FROM ${database}.orders WHERE day = '2024-01-02' AND shard = 1`;
    const result = await duckDbQuery(lake, sql);
    expect(result.values).toEqual([["11"]]);
    expect(result.stats.tables[0]?.partitions).toEqual({
      read: 1,
      listed: 1,
      glueExpression: "day = '2024-01-02' AND shard = 1",
    });
  });

  it("ORs the uses of one table, and still tests in DuckDB what Glue was not sent", async () => {
    const sql =
      `SELECT (SELECT count(*) FROM ${database}.orders WHERE day = '2024-01-01') AS a, ` +
      `(SELECT count(*) FROM ${database}.orders WHERE shard = 2 AND day > '2024-01-02') AS b`;
    const result = await duckDbQuery(lake, sql);
    // a: day 0, shards 1 and 2 (1 + 2 rows); b: day 2, shard 2 (22 rows).
    expect(result.values).toEqual([["3", "22"]]);
    expect(result.stats.tables[0]?.partitions).toEqual({
      read: 3,
      // Glue: day 0's two and shard 2's three, day 0 shard 2 once; DuckDB then drops day 1 shard 2.
      listed: 4,
      glueExpression: "(day = '2024-01-01') OR (shard = 2)",
    });
  });

  it("lists every partition when the WHERE gives Glue nothing to test", async () => {
    const result = await duckDbQuery(lake, `SELECT count(*) AS n FROM ${database}.orders WHERE id >= 0`);
    expect(result.values).toEqual([[String(1 + 2 + 11 + 12 + 21 + 22)]]);
    expect(result.stats.tables[0]?.partitions).toEqual({ read: 6, total: 6 });
  });
});

describe("when Glue refuses the expression", () => {
  it("lists every partition instead (Glue cannot evaluate some expressions on some tables)", async () => {
    const all = [
      {
        values: ["2024-01-01", "1"],
        location: "s3://b/t/day=2024-01-01/shard=1/",
        format: "parquet" as const,
      },
    ];
    const asked: (string | undefined)[] = [];
    const catalog = {
      kind: "glue",
      async *listPartitions(_database: string, _table: string, filter?: { expression?: string }) {
        asked.push(filter?.expression);
        if (filter?.expression) {
          const cause = Object.assign(new Error("Unsupported expression"), { name: "InvalidInputException" });
          throw new MedallionError("endpoint", "Glue GetPartitions failed: InvalidInputException", { cause });
        }
        yield all;
      },
    };
    const fake = { catalog: async () => catalog } as unknown as Lake;
    const table = { database: "db", name: "t", partitionKeys: KEYS } as unknown as CatalogTable;
    const listed = await listedPartitions(fake, table, "shard = 1");
    expect(listed).toEqual({ partitions: all });
    expect(asked).toEqual(["shard = 1", undefined]);
  });
});
