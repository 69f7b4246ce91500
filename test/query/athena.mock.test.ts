// medallion query on Athena through its states and result pages as the real service gives them (moto jumps
// to SUCCEEDED and reports no bytes scanned): a mocked AthenaClient under the real runQuery.
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from "@aws-sdk/client-athena";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { openLake } from "../../src/lake/index.js";
import { runQuery } from "../../src/query/index.js";

const MiB = 2 ** 20;
const mock = mockClient(AthenaClient);
afterEach(() => mock.reset());

const lake = () =>
  openLake({
    ...loadConfig({ lake: "s3://lake/prod", catalog: "glue", engine: "athena", region: "us-east-1" }),
    athena: { workgroup: "analysts", outputLocation: "s3://results/", pollInterval: 0.01, queryTimeout: 60 },
  });

const cell = (v: string | null) => (v === null ? {} : { VarCharValue: v });
const row = (...values: (string | null)[]) => ({ Data: values.map(cell) });

function athenaGoes(states: string[], scanned = 30 * MiB) {
  let poll = 0;
  mock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: "q-7" });
  mock.on(GetQueryExecutionCommand).callsFake(() => ({
    QueryExecution: {
      QueryExecutionId: "q-7",
      StatementType: "DML",
      Status: {
        State: states[Math.min(poll++, states.length - 1)],
        StateChangeReason: "line 1:8: Column 'nope' cannot be resolved",
      },
      Statistics: { DataScannedInBytes: scanned, TotalExecutionTimeInMillis: 2500 },
    },
  }));
}

describe("medallion query on Athena", () => {
  it("shows queued and running, reads the result pages up to --max-rows, and reports Athena's bytes scanned and cost", async () => {
    athenaGoes(["QUEUED", "RUNNING", "RUNNING", "SUCCEEDED"]);
    const columns = [
      { Name: "status", Type: "varchar" },
      { Name: "n", Type: "bigint" },
      { Name: "share", Type: "double" },
    ];
    mock
      .on(GetQueryResultsCommand)
      .resolvesOnce({
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: columns },
          Rows: [row("status", "n", "share"), row("paid", "10", "0.5"), row("placed", "6", "0.3")],
        },
        NextToken: "t2",
      })
      .resolvesOnce({ ResultSet: { Rows: [row(null, "4", "0.2"), row("x", "1", "0.1")] }, NextToken: "t3" })
      .resolvesOnce({ ResultSet: { Rows: [row("y", "1", "0.1")] } });
    const progress: string[] = [];
    const result = await runQuery(
      lake(),
      "select status, count(*) n, 0.5 share from silver.sales_orders group by 1",
      "athena",
      {
        maxRows: 3,
        onProgress: (p) => progress.push(p),
      },
    );
    expect(progress.filter((p) => p.startsWith("Athena")).map((p) => p.replace(/ [\d.]+ s$/, ""))).toEqual([
      "Athena (analysts): queued",
      "Athena (analysts): running",
      "Athena (analysts): succeeded",
    ]);
    expect(result.values).toEqual([
      ["paid", 10, 0.5],
      ["placed", 6, 0.3],
      [null, 4, 0.2],
    ]);
    expect(result.more).toBe(true);
    // The third page is never asked for: three rows were enough.
    expect(mock.commandCalls(GetQueryResultsCommand)).toHaveLength(2);
    expect(mock.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).toMatchObject({
      WorkGroup: "analysts",
      ResultConfiguration: { OutputLocation: "s3://results/" },
    });
    expect(result.stats).toMatchObject({ engine: "athena", bytesScanned: 30 * MiB, queryId: "q-7" });
    expect(result.stats.costUsd).toBeCloseTo(((30 * MiB) / 2 ** 40) * 5, 10);
  });

  it("fails with Athena's own reason when the query fails, and stops it in Athena when cancelled", async () => {
    athenaGoes(["QUEUED", "FAILED"]);
    await expect(runQuery(lake(), "select nope from silver.sales_orders", "athena")).rejects.toThrow(
      /^Athena query q-7 failed: line 1:8: Column 'nope' cannot be resolved$/,
    );
    mock.reset();
    athenaGoes(["QUEUED", "RUNNING"]);
    mock.on(StopQueryExecutionCommand).resolves({});
    const cancel = new AbortController();
    const running = runQuery(lake(), "select * from silver.sales_orders", "athena", {
      signal: cancel.signal,
      onProgress: (p) => {
        if (p.includes("running")) cancel.abort(new Error("interrupted"));
      },
    });
    await expect(running).rejects.toThrow(/Athena query q-7 cancelled after [\d.]+ s: stopped it in Athena/);
    expect(mock.commandCalls(StopQueryExecutionCommand)).toHaveLength(1);
  });

  it("sends Athena nothing but a query", async () => {
    athenaGoes(["SUCCEEDED"]);
    await expect(runQuery(lake(), "-- tidy up\nDROP TABLE silver.sales_orders", "athena")).rejects.toThrow(
      /a query is one SELECT .*`DROP` is not run here/,
    );
    expect(mock.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });
});
