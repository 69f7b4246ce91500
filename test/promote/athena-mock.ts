import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type QueryExecutionState,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from "@aws-sdk/client-athena";
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "vitest";
import { athenaOnDuckDb, type StandInResult, shopLakeOnS3 } from "./athena-stand-in.js";
import { shopLake } from "./shop-lake.js";

const cli = path.resolve("dist/commands/medallion.js");

const MiB = 2 ** 20;

/**
 * How the mocked Athena ends the n-th statement (1-based): its states, and on FAILED Athena's error.
 * `untilStopped`: the last state holds until StopQueryExecution, then the query is CANCELLED.
 */
export type Ending = {
  states: QueryExecutionState[];
  error?: { ErrorCategory: number; Retryable?: boolean };
  untilStopped?: boolean;
};

/**
 * A mocked Athena whose statements run on DuckDB (the stand-in's `run`), each polled through
 * `ending(n, sql)`'s states; every statement reports 64 MiB scanned. `client` omitted: every AthenaClient
 * made from here on is mocked (the UI opens its own); call `mock.restore()` when done.
 */
export function mockedAthena(
  standIn: { run(sql: string): Promise<StandInResult | undefined> },
  ending: (n: number, sql: string) => Ending | undefined,
  client?: AthenaClient,
) {
  const mock = client ? mockClient(client) : mockClient(AthenaClient);
  const results = new Map<string, StandInResult | undefined>();
  const endings = new Map<string, Ending>();
  const polls = new Map<string, number>();
  const stopped = new Set<string>();
  const statements: string[] = [];
  mock.on(StartQueryExecutionCommand).callsFake(async (input) => {
    const sql = String(input.QueryString);
    statements.push(sql);
    const id = `q-${statements.length}`;
    const end = ending(statements.length, sql) ?? { states: ["QUEUED", "RUNNING", "SUCCEEDED"] };
    endings.set(id, end);
    if (end.states.at(-1) === "SUCCEEDED") results.set(id, await standIn.run(sql));
    return { QueryExecutionId: id };
  });
  mock.on(GetQueryExecutionCommand).callsFake((input) => {
    const id = String(input.QueryExecutionId);
    const end = endings.get(id) as Ending;
    const poll = polls.get(id) ?? 0;
    polls.set(id, poll + 1);
    const state: QueryExecutionState = stopped.has(id)
      ? "CANCELLED"
      : (end.states[Math.min(poll, end.states.length - 1)] as QueryExecutionState);
    return {
      QueryExecution: {
        QueryExecutionId: id,
        StatementType: "DML",
        Status: {
          State: state,
          ...(state === "FAILED"
            ? {
                StateChangeReason: "HIVE_CURSOR_ERROR: Please reduce your request rate.",
                AthenaError: end.error,
              }
            : {}),
        },
        Statistics: { DataScannedInBytes: 64 * MiB, TotalExecutionTimeInMillis: 900 },
      },
    };
  });
  mock.on(StopQueryExecutionCommand).callsFake((input) => {
    const id = String(input.QueryExecutionId);
    if (endings.get(id)?.untilStopped) stopped.add(id);
    return {};
  });
  mock.on(GetQueryResultsCommand).callsFake((input) => {
    const result = results.get(String(input.QueryExecutionId));
    return {
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: result?.columns ?? [] },
        Rows: (result?.rows ?? []).map((r) => ({
          Data: r.map((v) => (v === null ? {} : { VarCharValue: v })),
        })),
      },
    };
  });
  return { mock, statements };
}

/**
 * A bucket on moto holding one shop lake per name (`s3://bucket/<name>/`, bronze only, on Athena), and the
 * stand-in that runs Athena's SQL over the shop's files: what the mocked-Athena tests share.
 */
export async function mockedAthenaLakes(endpoint: string, bucketStem: string, names: string[]) {
  const bucket = `${bucketStem}-${randomBytes(4).toString("hex")}`;
  const s3 = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const local = shopLake();
  const standIn = await athenaOnDuckDb({
    s3,
    bucket,
    tables: names.map((name) => ({
      database: `${name}_bronze`,
      name: "shop_orders",
      folder: path.join(local, "bronze/shop/orders"),
      s3Prefix: `s3://${bucket}/${name}/bronze/shop/orders/`,
      format: "json" as const,
      columns: ["order_id", "email", "amount", "created_at", "updated_at"],
    })),
  });
  return {
    standIn,
    /** Every key under a prefix of the bucket, sorted. */
    keysUnder: async (prefix: string): Promise<string[]> => {
      const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      return (out.Contents ?? []).map((o) => o.Key as string).sort();
    },
    /** The lake `<name>`'s bronze in the bucket, synced to Glue by the built CLI; its config's folder. */
    lakeNamed: async (name: string): Promise<string> => {
      const dir = await shopLakeOnS3({
        s3,
        bucket,
        lake: name,
        local,
        endpointUrl: endpoint,
        extra: "athena: { workgroup: etl, pollInterval: 0.01 }",
      });
      const sync = spawnSync(process.execPath, [cli, "sync", "bronze/shop/orders", "--yes"], {
        cwd: dir,
        encoding: "utf8",
      });
      expect(sync.status, sync.stderr).toBe(0);
      return dir;
    },
    close: () => standIn.close(),
  };
}
