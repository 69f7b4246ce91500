// Athena as a promotion engine: the statements it sends and what it makes of their results. Athena's
// execution is mocked (moto runs no SQL): the fake writes, for each UNLOAD, one small file per partition
// its WHERE names, into a real S3 bucket on moto_server, as Athena would under the TO location.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from "@aws-sdk/client-athena";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { ATHENA_MAX_PARTITIONS, AthenaEngine } from "../../src/engine/athena.js";
import { AthenaQueries } from "../../src/engine/athena-query.js";
import { LocalStore } from "../../src/storage/local-store.js";
import type { ObjectStore } from "../../src/storage/object-store.js";
import { S3Store } from "../../src/storage/s3-store.js";

const endpoint = inject("motoEndpoint");
const bucket = `athena-engine-${randomBytes(4).toString("hex")}`;
const MiB = 2 ** 20;

beforeAll(async () => {
  const s3 = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

type Result = { columns: { Name: string; Type: string }[]; rows: (string | null)[][] };

/** A mocked Athena: every statement succeeds; `results` answers SELECTs; UNLOADs write into `store`. */
function fakeAthena(store: ObjectStore, results: (sql: string) => Result | undefined) {
  const client = new AthenaClient({
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
  });
  const mock = mockClient(client);
  const statements: string[] = [];
  mock.on(StartQueryExecutionCommand).callsFake(async (input) => {
    const sql = String(input.QueryString);
    statements.push(sql);
    const id = `q-${statements.length}`;
    const unload = /^UNLOAD [\s\S]*\nTO '([^']+)'\nWITH/.exec(sql);
    if (unload) {
      const root = `${store.uri("").replace(/\/$/, "")}/`;
      const to = (unload[1] as string).slice(root.length);
      for (const [, year, month] of sql.matchAll(/\("year" = '([^']*)' AND "month" = '([^']*)'\)/g)) {
        await store.put(`${to}year=${year}/month=${month}/${id}_00000`, `parquet of ${year}-${month}`);
      }
    }
    return { QueryExecutionId: id };
  });
  mock.on(GetQueryExecutionCommand).callsFake((input) => ({
    QueryExecution: {
      QueryExecutionId: input.QueryExecutionId,
      StatementType: "DML",
      Status: { State: "SUCCEEDED" },
      Statistics: { DataScannedInBytes: 64 * MiB, EngineExecutionTimeInMillis: 10 },
    },
  }));
  mock.on(GetQueryResultsCommand).callsFake((input) => {
    const n = Number(String(input.QueryExecutionId).slice(2));
    const result = results(statements[n - 1] as string) ?? { columns: [], rows: [] };
    const header = result.columns.map((c) => c.Name);
    const all = [header, ...result.rows];
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const page = all.slice(start, start + (input.MaxResults ?? 1000));
    const next = start + page.length < all.length ? String(start + page.length) : undefined;
    return {
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: result.columns },
        Rows: page.map((r) => ({ Data: r.map((v) => (v === null ? {} : { VarCharValue: v })) })),
      },
      NextToken: next,
    };
  });
  const queries = new AthenaQueries(client, { workgroup: "etl", pollInterval: 0.01 });
  return { queries, statements };
}

function store(prefix: string): S3Store {
  return new S3Store({ bucket, prefix, endpointUrl: endpoint, region: "us-east-1" });
}

async function keysUnder(s: ObjectStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of s.list(prefix)) keys.push(...page.objects.map((o) => o.key));
  return keys.sort();
}

describe("Athena as the promotion engine", () => {
  it("writes 1,000 partitions in ⌈1,000 / 100⌉ = 10 UNLOADs of at most 100 partitions each, after one count", async () => {
    // A local folder stands in for the bucket here: 3,000 object calls on moto take minutes.
    const lake = new LocalStore(mkdtempSync(path.join(tmpdir(), "athena-engine-")));
    const partitions: string[][] = [];
    for (let year = 2000; year < 2100; year++)
      for (let month = 1; month <= 10; month++)
        partitions.push([String(year), String(month).padStart(2, "0")]);
    const { queries, statements } = fakeAthena(lake, (sql) =>
      sql.includes("count(*) AS n")
        ? {
            columns: [
              { Name: "year", Type: "varchar" },
              { Name: "month", Type: "varchar" },
              { Name: "n", Type: "bigint" },
            ],
            rows: partitions.map(([y, m]) => [y as string, m as string, "3"]),
          }
        : undefined,
    );
    const engine = new AthenaEngine(queries, lake, {
      tableOf: () => ({
        database: "acme_silver",
        name: "sales_orders",
        path: "silver/sales/orders",
        partitionKeys: [],
      }),
    });
    await engine.exec("CREATE OR REPLACE TEMP TABLE fresh AS SELECT 1 AS x");
    const written = await engine.write("SELECT * FROM fresh", {
      prefix: "_medallion/staging/run-1/new/silver/sales/orders/",
      partitionKeys: ["year", "month"],
      fileStem: "part-run-1",
    });

    const unloads = statements.filter((s) => s.startsWith("UNLOAD"));
    expect(unloads).toHaveLength(Math.ceil(1000 / ATHENA_MAX_PARTITIONS));
    for (const unload of unloads) {
      expect(unload.match(/\("year" = /g)?.length).toBeLessThanOrEqual(ATHENA_MAX_PARTITIONS);
      expect(unload).toMatch(
        /^UNLOAD \(WITH "fresh" AS \(SELECT 1 AS x\)\nSELECT \* FROM \(SELECT \* FROM fresh\) WHERE /,
      );
      expect(unload).toMatch(
        /\nTO '\/[^']+\/_medallion\/staging\/run-1\/new\/silver\/sales\/orders\/_athena-1-\d\/'\nWITH \(format = 'PARQUET', compression = 'ZSTD', partitioned_by = ARRAY\['year', 'month'\]\)$/,
      );
    }
    expect(statements).toHaveLength(11);
    expect(engine.usage).toMatchObject({ queries: 11, unloads: 10, scannedBytes: 11 * 64 * MiB });

    expect(written).toHaveLength(1000);
    expect(written[0]).toEqual({
      values: ["2000", "01"],
      path: "year=2000/month=01",
      objectKeys: [
        "_medallion/staging/run-1/new/silver/sales/orders/year=2000/month=01/part-run-1-0.parquet",
      ],
      rows: 3,
      bytes: "parquet of 2000-01".length,
    });
    // Only the partitions' files are left: the UNLOAD folders are gone.
    const keys = await keysUnder(lake, "_medallion/staging/run-1/");
    expect(keys).toHaveLength(1000);
    expect(keys.every((k) => /\/year=\d{4}\/month=\d\d\/part-run-1-0\.parquet$/.test(k))).toBe(true);
  });

  it("reads a view's files through its catalog table, its partitions by value and $path, every definition as WITH", async () => {
    const lake = store("lake-views/");
    const { queries, statements } = fakeAthena(lake, (sql) =>
      sql.endsWith("LIMIT 0")
        ? {
            columns: [
              { Name: "order_id", Type: "varchar" },
              { Name: "_object_key", Type: "varchar" },
            ],
            rows: [],
          }
        : {
            columns: [
              { Name: "_rule", Type: "varchar" },
              { Name: "n", Type: "bigint" },
              { Name: "share", Type: "double" },
            ],
            rows: [
              ["type:amount", "2", "0.5"],
              [null, "9007199254740993", "1"],
            ],
          },
    );
    const engine = new AthenaEngine(queries, lake, {
      tableOf: (keys) => ({
        database: "acme_bronze",
        name: (keys[0] as string).split("/").slice(1, 3).join("_"),
        path: "bronze/sales/orders",
        partitionKeys: [{ name: "day", type: "string" }],
      }),
    });
    await engine.register({
      name: "bronze",
      format: "json",
      objectKeys: [
        "bronze/sales/orders/day=01/a.json",
        "bronze/sales/orders/day=01/b.json",
        "bronze/sales/orders/day=02/a.json",
      ],
    });
    await engine.exec("CREATE OR REPLACE TEMP TABLE checked AS SELECT * FROM bronze");
    expect(await engine.rows("DESCRIBE bronze")).toEqual([
      { column_name: "order_id", column_type: "varchar" },
      { column_name: "_object_key", column_type: "varchar" },
    ]);
    expect(statements[0]).toBe(
      `WITH "bronze" AS (SELECT *, substr("$path", ${`s3://${bucket}/lake-views/`.length + 1}) AS _object_key FROM "acme_bronze"."sales_orders" WHERE (("day" = '01') OR ("day" = '02')) AND regexp_replace("$path", '[^/]*$', '') IN ('s3://${bucket}/lake-views/bronze/sales/orders/day=01/', 's3://${bucket}/lake-views/bronze/sales/orders/day=02/')),\n"checked" AS (SELECT * FROM bronze)\nSELECT * FROM "bronze" LIMIT 0`,
    );
    // Values come back as DuckDB's engine gives them: numbers as numbers (beyond 2^53 as text), NULL as null.
    expect(await engine.rows("SELECT _rule, count(*) AS n, 0.5 AS share FROM checked GROUP BY 1")).toEqual([
      { _rule: "type:amount", n: 2, share: 0.5 },
      { _rule: null, n: "9007199254740993", share: 1 },
    ]);
    await expect(engine.exec("INSERT INTO x VALUES (1)")).rejects.toThrow(
      /runs only CREATE TEMP TABLE\|VIEW/,
    );
  });
});
