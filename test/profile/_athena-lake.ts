// A demo lake's silver orders on S3 and Glue (moto_server) for Athena to profile, with Athena played by a
// mocked AthenaClient (moto runs no SQL and jumps to SUCCEEDED; test/promote/athena-mock.ts) whose
// statements run on DuckDB over the demo lake's local files (test/promote/athena-stand-in.ts), through
// the translation below.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { QueryExecutionState } from "@aws-sdk/client-athena";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { inject } from "vitest";
import type { CatalogTable } from "../../src/catalog/index.js";
import { type Config, loadConfig } from "../../src/config/index.js";
import { type Lake, openLake } from "../../src/lake/index.js";
import { mockedAthena } from "../promote/athena-mock.js";
import { athenaOnDuckDb, type StandInTable } from "../promote/athena-stand-in.js";
import { demoLake } from "../query/_lake.js";

/**
 * Trino functions DuckDB names otherwise: `approx_distinct` is DuckDB's `approx_count_distinct` (both
 * HyperLogLog); `width_bucket(x, b1, b2, n)` for b1 < b2 as Trino's MathFunctions.widthBucket computes it.
 */
export const TRINO_PROFILE_ON_DUCKDB = [
  "CREATE MACRO approx_distinct(x) AS approx_count_distinct(x)",
  `CREATE MACRO width_bucket(x, b1, b2, n) AS CASE WHEN x < b1 THEN 0 WHEN x >= b2 THEN n + 1
     ELSE CAST(trunc(n * (x - b1) / (b2 - b1) + 1) AS BIGINT) END`,
];

const MiB = 2 ** 20;
/** What the mocked Athena says every query scanned. */
export const SCANNED = 64 * MiB;
export const PARTITION = "silver/sales/orders/year=2024/month=01/day=30";

export interface AthenaLake {
  /** The demo lake's folder, and the Lake over it (DuckDB's reference). */
  dir: string;
  local: Lake;
  /** The S3 + Glue lake, engine athena, workgroup `analysts`; its Glue database is `<prefix>_silver`. */
  config: Config;
  lake: Lake;
  prefix: string;
  bucket: string;
  /** One data file of PARTITION, uploaded. */
  file: string;
  /** The table as the stand-in reads it (for test/promote/athena-stand-in.ts's proxy too). */
  tables: StandInTable[];
  /**
   * Mocks Athena afresh (test/promote/athena-mock.ts): each query goes through `states`, then its rows
   * (run on DuckDB); a query left RUNNING is CANCELLED once stopped. `statements` lists the SQL sent.
   */
  athenaRuns(states?: QueryExecutionState[]): ReturnType<typeof mockedAthena>;
  close(): Promise<void>;
}

export async function athenaLake(): Promise<AthenaLake> {
  const endpoint = inject("motoEndpoint");
  const bucket = `profile-athena-${randomBytes(4).toString("hex")}`;
  const prefix = `p${randomBytes(3).toString("hex")}`;
  const { dir, lake: local } = await demoLake();
  const s3 = new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const config: Config = {
    ...loadConfig({
      lake: `s3://${bucket}/prod`,
      catalog: "glue",
      region: "us-east-1",
      endpointUrl: endpoint,
    }),
    database: `${prefix}_{layer}`,
    engine: "athena",
    athena: { workgroup: "analysts", outputLocation: "s3://results/", pollInterval: 0.01, queryTimeout: 60 },
  };
  const lake = openLake(config);
  // The demo's silver orders table in Glue at its S3 place, every partition registered; one partition's
  // file uploaded (Athena's rows come from the local copy, but a file path must name an object).
  const demo = (await (await local.catalog()).getTable("silver", "sales_orders")) as CatalogTable;
  const location = `s3://${bucket}/prod/silver/sales/orders/`;
  const glue = await lake.catalog();
  await glue.ensureDatabase(`${prefix}_silver`);
  await glue.putTable({ ...demo, database: `${prefix}_silver`, location });
  const partitions = [];
  for await (const page of (await local.catalog()).listPartitions("silver", "sales_orders")) {
    for (const p of page) {
      const folder = demo.partitionKeys.map((k, i) => `${k.name}=${p.values[i]}`).join("/");
      partitions.push({ ...p, location: `${location}${folder}/` });
    }
  }
  await glue.addPartitions(`${prefix}_silver`, "sales_orders", partitions);
  const name = readdirSync(path.join(dir, PARTITION)).find((f) => f.endsWith(".parquet")) as string;
  const file = `${PARTITION}/${name}`;
  await lake.store.put(file, readFileSync(path.join(dir, file)));

  // The same table as `<prefix>_silver` (Glue's name) and `silver` (the demo's, for queries).
  const tables = [`${prefix}_silver`, "silver"].map((database) => ({
    database,
    name: "sales_orders",
    folder: path.join(dir, "silver/sales/orders"),
    s3Prefix: location,
    format: "parquet" as const,
    columns: [],
  }));
  const standIn = await athenaOnDuckDb({ s3, bucket, tables });
  for (const macro of TRINO_PROFILE_ON_DUCKDB) await standIn.run(macro);

  let athena: ReturnType<typeof mockedAthena> | undefined;
  const athenaRuns = (states: QueryExecutionState[] = ["QUEUED", "RUNNING", "SUCCEEDED"]) => {
    athena?.mock.restore();
    athena = mockedAthena(standIn, () => ({ states, untilStopped: states.at(-1) !== "SUCCEEDED" }));
    return athena;
  };
  return {
    dir,
    local,
    config,
    lake,
    prefix,
    bucket,
    file,
    tables,
    athenaRuns,
    close: async () => {
      athena?.mock.restore();
      standIn.close();
      await local.close();
      await lake.close();
    },
  };
}
