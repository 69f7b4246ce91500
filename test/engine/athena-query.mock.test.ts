// Athena states, failures, statistics and result pages as the real service gives them: moto jumps
// straight to SUCCEEDED, never fails a query and reports no bytes scanned, so these use a mocked client.
import {
  AthenaClient,
  GetQueryExecutionCommand,
  type GetQueryExecutionCommandOutput,
  GetQueryResultsCommand,
  type QueryExecutionState,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from "@aws-sdk/client-athena";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import type { AthenaSettings } from "../../src/config/index.js";
import { AthenaQueries, type AthenaQueryState, type AthenaRow } from "../../src/engine/athena-query.js";

const MiB = 2 ** 20;

type Execution = NonNullable<GetQueryExecutionCommandOutput["QueryExecution"]>;

function athena(
  states: QueryExecutionState[],
  last: Partial<Execution> = {},
  settings: Partial<AthenaSettings> = {},
) {
  const client = new AthenaClient({
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
  });
  const mock = mockClient(client);
  mock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: "q-1" });
  let poll = 0;
  mock.on(GetQueryExecutionCommand).callsFake(() => {
    const state = states[Math.min(poll++, states.length - 1)];
    return {
      QueryExecution: {
        QueryExecutionId: "q-1",
        StatementType: "DML",
        Status: { State: state },
        Statistics: {
          DataScannedInBytes: 3 * MiB,
          EngineExecutionTimeInMillis: 1234,
          TotalExecutionTimeInMillis: 1500,
        },
        ResultConfiguration: { OutputLocation: "s3://results/q-1.csv" },
        ...last,
      },
    };
  });
  const queries = new AthenaQueries(client, {
    workgroup: "analysts",
    outputLocation: "s3://results/",
    database: "acme_silver",
    pollInterval: 0.01,
    ...settings,
  });
  return { queries, mock };
}

const cell = (v: string | null) => (v === null ? {} : { VarCharValue: v });
const resultRows = (rows: AthenaRow[]) => rows.map((r) => ({ Data: r.map(cell) }));
const columnInfo = [
  { Name: "order_id", Type: "bigint" },
  { Name: "email", Type: "varchar" },
];

async function allRows(pages: AsyncIterable<AthenaRow[]>): Promise<AthenaRow[][]> {
  const out: AthenaRow[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe("one Athena query", () => {
  it("reports queued → running → succeeded with the time since submission, and returns rows without the header", async () => {
    const { queries, mock } = athena(["QUEUED", "QUEUED", "RUNNING", "RUNNING", "SUCCEEDED"]);
    mock.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: columnInfo },
        Rows: resultRows([
          ["order_id", "email"],
          ["1", "a@x.io"],
          ["2", null],
          ["3", ""],
        ]),
      },
    });
    const seen: [AthenaQueryState, number][] = [];
    const result = await queries.run("SELECT order_id, email FROM orders", {
      onState: (state, ms) => seen.push([state, ms]),
    });
    expect(seen.map(([s]) => s)).toEqual(["QUEUED", "RUNNING", "SUCCEEDED"]);
    expect(seen.every(([, ms]) => ms >= 0)).toBe(true);
    expect(seen[2]?.[1]).toBeGreaterThanOrEqual(seen[1]?.[1] ?? 0);
    expect(result.columns).toEqual([
      { name: "order_id", type: "bigint" },
      { name: "email", type: "varchar" },
    ]);
    // NULL has no VarCharValue; an empty string has "".
    expect(await allRows(result.pages())).toEqual([
      [
        ["1", "a@x.io"],
        ["2", null],
        ["3", ""],
      ],
    ]);
    expect(result.statistics).toEqual({
      dataScannedBytes: 3 * MiB,
      engineExecutionMs: 1234,
      totalExecutionMs: 1500,
      // 3 MiB is billed as the 10 MiB minimum, at $5 per TiB.
      costUsd: (10 * MiB * 5) / 2 ** 40,
    });
    expect(result.outputLocation).toBe("s3://results/q-1.csv");
    const start = mock.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input;
    expect(start).toEqual({
      QueryString: "SELECT order_id, email FROM orders",
      WorkGroup: "analysts",
      QueryExecutionContext: { Database: "acme_silver" },
      ResultConfiguration: { OutputLocation: "s3://results/" },
    });
    expect(queries.calls).toEqual({ StartQueryExecution: 1, GetQueryExecution: 5, GetQueryResults: 1 });
  });

  it("bills a large scan by the MiB, rounded up", async () => {
    const { queries, mock } = athena(["SUCCEEDED"], {
      Statistics: {
        DataScannedInBytes: 2 ** 40 + 1,
        EngineExecutionTimeInMillis: 1,
        TotalExecutionTimeInMillis: 1,
      },
    });
    mock.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: [] } });
    const result = await queries.run("SELECT 1");
    expect(result.statistics.costUsd).toBeCloseTo(((2 ** 40 + MiB) / 2 ** 40) * 5, 12);
  });

  it("charges nothing for DDL", async () => {
    const { queries, mock } = athena(["SUCCEEDED"], { StatementType: "DDL" });
    mock.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: [{ Name: "tab_name", Type: "string" }] },
        Rows: resultRows([["orders"]]),
      },
    });
    const result = await queries.run("SHOW TABLES");
    expect(result.statistics.costUsd).toBe(0);
    // DDL results have no header row: the first row is data.
    expect(await allRows(result.pages())).toEqual([[["orders"]]]);
  });

  it("pages results by NextToken, 1,000 rows a call at most, the header only on the first page", async () => {
    const { queries, mock } = athena(["SUCCEEDED"]);
    const page = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => [String(from + i), `u${from + i}@x.io`]);
    mock
      .on(GetQueryResultsCommand, { NextToken: undefined })
      .resolves({
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: columnInfo },
          Rows: resultRows([["order_id", "email"], ...page(1, 999)]),
        },
        NextToken: "t2",
      })
      .on(GetQueryResultsCommand, { NextToken: "t2" })
      .resolves({
        ResultSet: { ResultSetMetadata: { ColumnInfo: columnInfo }, Rows: resultRows(page(1000, 1000)) },
        NextToken: "t3",
      })
      .on(GetQueryResultsCommand, { NextToken: "t3" })
      .resolves({
        ResultSet: { ResultSetMetadata: { ColumnInfo: columnInfo }, Rows: resultRows(page(2000, 2)) },
      });
    const result = await queries.run("SELECT order_id, email FROM orders", { pageSize: 5000 });
    const pages = await allRows(result.pages());
    expect(pages.map((p) => p.length)).toEqual([999, 1000, 2]);
    expect(pages.flat().map((r) => r[0])).toEqual(Array.from({ length: 2001 }, (_, i) => String(i + 1)));
    expect(mock.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input.MaxResults)).toEqual([
      1000, 1000, 1000,
    ]);
  });

  it("fails in one line with Athena's reason", async () => {
    const { queries } = athena(["QUEUED", "RUNNING", "FAILED"], {
      Status: {
        State: "FAILED",
        StateChangeReason: "SYNTAX_ERROR: line 1:8: Column 'emial' cannot be resolved\nat io.trino…",
      },
    });
    await expect(queries.run("SELECT emial FROM orders")).rejects.toThrow(
      /^Athena query q-1 failed: SYNTAX_ERROR: line 1:8: Column 'emial' cannot be resolved$/,
    );
  });

  it("stops the query in Athena when the signal aborts, and says what it scanned", async () => {
    const { queries, mock } = athena(["QUEUED", "RUNNING", "RUNNING", "RUNNING"]);
    mock.on(StopQueryExecutionCommand).resolves({});
    const controller = new AbortController();
    const run = queries.run("SELECT * FROM orders", {
      signal: controller.signal,
      onState: (state) => state === "RUNNING" && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({
      code: "cancelled",
      message: expect.stringMatching(
        /^Athena query q-1 cancelled after \d+\.\d s: stopped it in Athena; it had scanned 3(\.0)? MiB/,
      ),
    });
    expect(mock.commandCalls(StopQueryExecutionCommand)[0]?.args[0].input).toEqual({
      QueryExecutionId: "q-1",
    });
    expect(mock.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });

  it("says so when the query was cancelled outside Medallion", async () => {
    const { queries } = athena(["RUNNING", "CANCELLED"]);
    await expect(queries.run("SELECT 1")).rejects.toMatchObject({
      code: "cancelled",
      message: expect.stringMatching(/cancelled \(outside Medallion\)/),
    });
  });

  it("stops a query that outlives athena.queryTimeout", async () => {
    const { queries, mock } = athena(["RUNNING"], {}, { queryTimeout: 0.05 });
    mock.on(StopQueryExecutionCommand).resolves({});
    await expect(queries.run("SELECT 1")).rejects.toThrow(
      /did not finish within 0\.05 s \(athena\.queryTimeout in medallion\.yaml\): stopped it/,
    );
    expect(mock.commandCalls(StopQueryExecutionCommand)).toHaveLength(1);
  });

  it("names the workgroup when Athena refuses the request", async () => {
    const { queries, mock } = athena(["SUCCEEDED"]);
    const refused = Object.assign(new Error("WorkGroup analysts is not found."), {
      name: "InvalidRequestException",
      $metadata: { httpStatusCode: 400 },
    });
    mock.on(StartQueryExecutionCommand).rejects(refused);
    await expect(queries.run("SELECT 1")).rejects.toThrow(
      "Athena StartQueryExecution failed in workgroup analysts: WorkGroup analysts is not found.",
    );
  });
});
