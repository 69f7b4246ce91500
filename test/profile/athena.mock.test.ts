// `medallion profile` on Athena: the lake on S3 and Glue (moto_server), Athena's calls through a mocked
// AthenaClient (moto runs no SQL and jumps to SUCCEEDED) whose statements run on DuckDB over the demo
// lake's local files, through test/promote/athena-stand-in.ts and the translation below. The Athena
// profile must give the numbers DuckDB's profile gives over the same files.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from "@aws-sdk/client-athena";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { CatalogTable } from "../../src/catalog/index.js";
import { loadConfig } from "../../src/config/index.js";
import { type Lake, openLake } from "../../src/lake/index.js";
import { type Profile, profileHeading, profilePath, profileQuery } from "../../src/profile/index.js";
import { lineText } from "../../src/render/index.js";
import { athenaOnDuckDb, type StandInResult } from "../promote/athena-stand-in.js";
import { duck } from "../promote/shop-lake.js";
import { demoLake } from "../query/_lake.js";

/**
 * Trino functions DuckDB names otherwise: `approx_distinct` is DuckDB's `approx_count_distinct` (both
 * HyperLogLog); `width_bucket(x, b1, b2, n)` for b1 < b2 as Trino's MathFunctions.widthBucket computes it.
 */
const TRINO_PROFILE_ON_DUCKDB = [
  "CREATE MACRO approx_distinct(x) AS approx_count_distinct(x)",
  `CREATE MACRO width_bucket(x, b1, b2, n) AS CASE WHEN x < b1 THEN 0 WHEN x >= b2 THEN n + 1
     ELSE CAST(trunc(n * (x - b1) / (b2 - b1) + 1) AS BIGINT) END`,
];

const MiB = 2 ** 20;
const endpoint = inject("motoEndpoint");
const bucket = `profile-athena-${randomBytes(4).toString("hex")}`;
const prefix = `p${randomBytes(3).toString("hex")}`;
const partition = "silver/sales/orders/year=2024/month=01/day=30";
const mock = mockClient(AthenaClient);

let dir: string;
let local: Lake;
let lake: Lake;
let standIn: Awaited<ReturnType<typeof athenaOnDuckDb>>;
let started: string[] = [];
let file: string;

beforeAll(async () => {
  ({ dir, lake: local } = await demoLake());
  const s3 = new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  lake = openLake({
    ...loadConfig({
      lake: `s3://${bucket}/prod`,
      catalog: "glue",
      region: "us-east-1",
      endpointUrl: endpoint,
    }),
    database: `${prefix}_{layer}`,
    engine: "athena",
    athena: { workgroup: "analysts", outputLocation: "s3://results/", pollInterval: 0.01, queryTimeout: 60 },
  });
  // The demo's silver orders table in Glue at its S3 place, every partition registered; one partition's
  // files uploaded (Athena's rows come from the local copy, but a file path must name an object).
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
  const name = readdirSync(path.join(dir, partition)).find((f) => f.endsWith(".parquet")) as string;
  file = `${partition}/${name}`;
  await lake.store.put(file, readFileSync(path.join(dir, file)));

  const folder = path.join(dir, "silver/sales/orders");
  standIn = await athenaOnDuckDb({
    s3,
    bucket,
    tables: [`${prefix}_silver`, "silver"].map((database) => ({
      database,
      name: "sales_orders",
      folder,
      s3Prefix: location,
      format: "parquet" as const,
      columns: [],
    })),
  });
  for (const macro of TRINO_PROFILE_ON_DUCKDB) await standIn.run(macro);
}, 180_000);
afterAll(async () => {
  standIn?.close();
  await local?.close();
  await lake?.close();
});

/** Athena as the service behaves: states per query, then the rows in pages of MaxResults with the header first. */
function athenaRuns(states = ["QUEUED", "RUNNING", "SUCCEEDED"]) {
  const results = new Map<string, StandInResult>();
  const polls = new Map<string, number>();
  mock.on(StartQueryExecutionCommand).callsFake(async (input) => {
    const id = `q-${started.length + 1}`;
    started.push(input.QueryString);
    results.set(id, (await standIn.run(input.QueryString)) as StandInResult);
    return { QueryExecutionId: id };
  });
  mock.on(GetQueryExecutionCommand).callsFake((input) => {
    const poll = polls.get(input.QueryExecutionId) ?? 0;
    polls.set(input.QueryExecutionId, poll + 1);
    return {
      QueryExecution: {
        QueryExecutionId: input.QueryExecutionId,
        StatementType: "DML",
        Status: { State: states[Math.min(poll, states.length - 1)] },
        Statistics: { DataScannedInBytes: 20 * MiB, TotalExecutionTimeInMillis: 900 },
      },
    };
  });
  mock.on(GetQueryResultsCommand).callsFake((input) => {
    const result = results.get(input.QueryExecutionId) as StandInResult;
    const from = Number(input.NextToken ?? 0);
    const to = from + (input.MaxResults ?? 1000);
    return {
      ResultSet: {
        ...(from === 0 ? { ResultSetMetadata: { ColumnInfo: result.columns } } : {}),
        Rows: result.rows
          .slice(from, to)
          .map((r) => ({ Data: r.map((v) => (v === null ? {} : { VarCharValue: v })) })),
      },
      ...(to < result.rows.length ? { NextToken: String(to) } : {}),
    };
  });
}

beforeEach(() => {
  mock.reset();
  started = [];
});

const column = (profile: Profile, name: string) => profile.columns.find((c) => c.name === name);

/** Each column's counts as both engines give them (DuckDB's distinct counts as estimates too), by name. */
function figures(profile: Profile) {
  return profile.columns
    .map((c) => ({ name: c.name, nulls: c.nulls, distinct: c.distinct, top: c.top }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

describe("medallion profile --engine athena", () => {
  it("profiles a partition through its Glue table with the numbers DuckDB gives over its files", async () => {
    athenaRuns();
    const progress: string[] = [];
    const athena = await profilePath(lake, partition, {
      engine: "athena",
      onProgress: (p) => progress.push(p),
    });
    const duckdb = await profilePath(local, partition, { exactDistinctRows: 0 });
    expect(athena.rows).toBe(duckdb.rows);
    expect(figures(athena)).toEqual(figures(duckdb));
    expect(athena.columns.every((c) => !c.distinctExact)).toBe(true);
    expect(column(athena, "amount")).toMatchObject({
      min: column(duckdb, "amount")?.min,
      max: column(duckdb, "amount")?.max,
    });
    // Two statements, both over only that partition, in the configured workgroup; Athena's bytes and cost.
    expect(started).toHaveLength(2);
    for (const sql of started)
      expect(sql).toContain(
        `FROM "${prefix}_silver"."sales_orders" WHERE "year" = '2024' AND "month" = '01' AND "day" = '30'`,
      );
    expect(mock.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).toMatchObject({
      WorkGroup: "analysts",
    });
    expect(athena.bytesRead).toBe(40 * MiB);
    expect(athena.athena).toMatchObject({ workgroup: "analysts", queries: ["q-1", "q-2"] });
    expect(athena.athena?.costUsd).toBeCloseTo(2 * ((20 * MiB) / 2 ** 40) * 5, 10);
    expect(lineText(profileHeading(athena))).toMatch(
      /^silver\/sales\/orders\/year=2024\/month=01\/day=30 · Athena \(analysts\): 2 queries, 40(\.0)? MiB scanned, \$0\.0002 · [\d,]+ rows · 15 columns · distinct counts ≈ \(Athena's approx_distinct estimates\)/,
    );
    expect(progress.map((p) => p.replace(/ [\d.]+ s$/, ""))).toEqual(
      expect.arrayContaining([
        "counting: Athena (analysts) queued",
        "counting: Athena (analysts) running",
        "charts: Athena (analysts) succeeded",
      ]),
    );
  });

  it("bins numbers and timestamps so that each bin counts the values up to its bound", async () => {
    athenaRuns();
    const athena = await profilePath(lake, partition, { engine: "athena" });
    const source = `read_parquet('${dir}/${partition}/*.parquet')`;
    for (const [name, value] of [
      ["amount", "amount"],
      ["created_at", "created_at"],
    ] as const) {
      const histogram = column(athena, name)?.histogram ?? [];
      expect(histogram.length, name).toBeGreaterThan(2);
      const [direct] = await duck(`SELECT count(${value}) AS n FROM ${source}`);
      expect(histogram.reduce((n, b) => n + b.count, 0)).toBe(Number(direct?.n));
      // Each bin holds the values above the previous bound, up to and with its own.
      let previous: string | undefined;
      for (const bin of histogram) {
        const bound = name === "created_at" ? `TIMESTAMP '${bin.upTo}'` : bin.upTo;
        const above =
          previous === undefined
            ? ""
            : ` AND ${value} > ${name === "created_at" ? `TIMESTAMP '${previous}'` : previous}`;
        const [inBin] = await duck(`SELECT count(*) AS n FROM ${source} WHERE ${value} <= ${bound}${above}`);
        expect(bin.count, `${name} ≤ ${bin.upTo}`).toBe(Number(inBin?.n));
        previous = bin.upTo;
      }
    }
  });

  it('profiles one file of a partition by its "$path", and a query\'s column as the query screen asks', async () => {
    athenaRuns();
    const athena = await profilePath(lake, file, { engine: "athena" });
    const duckdb = await profilePath(local, file, { exactDistinctRows: 0 });
    expect(athena.rows).toBe(duckdb.rows);
    expect(figures(athena)).toEqual(figures(duckdb));
    expect(started[0]).toContain(`AND "$path" = 's3://${bucket}/prod/${file}'`);

    const sql = "select status, amount from silver.sales_orders where day = '30'";
    const resultColumns = [{ name: "status", type: "varchar" }];
    const onAthena = await profileQuery(lake, sql, { engine: "athena", columns: ["status"], resultColumns });
    const onDuckDb = await profileQuery(local, sql, { columns: ["status"], exactDistinctRows: 0 });
    expect(figures(onAthena)).toEqual(figures(onDuckDb));
    expect(onAthena.path).toBe("the query's rows");
  });

  it("stops the query in Athena when cancelled, and refuses a partition Glue does not hold", async () => {
    athenaRuns(["QUEUED", "RUNNING"]);
    mock.on(StopQueryExecutionCommand).resolves({});
    const cancel = new AbortController();
    const running = profilePath(lake, partition, {
      engine: "athena",
      signal: cancel.signal,
      onProgress: (p) => {
        if (p.includes("running")) cancel.abort(new Error("interrupted"));
      },
    });
    await expect(running).rejects.toThrow(/Athena query q-1 cancelled after [\d.]+ s: stopped it in Athena/);
    expect(mock.commandCalls(StopQueryExecutionCommand)).toHaveLength(1);

    await expect(
      profilePath(lake, "silver/sales/orders/year=2023/month=12/day=31", { engine: "athena" }),
    ).rejects.toThrow(
      /is not a partition of p\w+_silver\.sales_orders in the Glue catalog, so Athena would read nothing there: run `medallion sync silver\/sales\/orders --yes` first/,
    );
    await expect(profilePath(local, partition, { engine: "athena" })).rejects.toThrow(
      /the athena engine reads S3 and this lake is .*: profile it with --engine duckdb/,
    );
    expect(started).toHaveLength(1);
  });
});
