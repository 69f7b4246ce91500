// The call flow against moto_server through the real SDK: moto keeps query states (stepped here one
// transition per two polls), workgroups and StopQueryExecution, and returns the rows it is told to.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AthenaClient, GetQueryExecutionCommand } from "@aws-sdk/client-athena";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MotoServer, startMoto } from "../../bench/_moto.js";
import { createAwsClient } from "../../src/aws/client.js";
import { loadConfig } from "../../src/config/index.js";
import { AthenaQueries, type AthenaQueryState } from "../../src/engine/athena-query.js";
import { openAthenaQueries } from "../../src/engine/index.js";
import type { MedallionError } from "../../src/errors.js";

let moto: MotoServer;

async function motoApi(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${moto.endpoint}/moto-api/${path}`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
}

/** The rows moto returns for the next query, as Athena would: the header row first. */
function cannedResult(header: string[], rows: (string | null)[][]) {
  return motoApi("static/athena/query-results", {
    region: "us-east-1",
    results: [
      {
        rows: [header, ...rows].map((r) => ({ Data: r.map((v) => (v === null ? {} : { VarCharValue: v })) })),
        column_info: header.map((name, i) => ({
          Name: name,
          Label: name,
          Type: i === 0 ? "bigint" : "varchar",
        })),
      },
    ],
  });
}

const client = () =>
  createAwsClient(AthenaClient, { region: "us-east-1", endpointUrl: moto.endpoint }, "Athena");

function queries(settings = {}): AthenaQueries {
  return new AthenaQueries(
    client(),
    { outputLocation: "s3://athena-results/medallion/", pollInterval: 0.05, ...settings },
    {
      where: moto.endpoint,
    },
  );
}

beforeAll(async () => {
  moto = await startMoto();
  // Each query: QUEUED for a poll, RUNNING for two, then SUCCEEDED.
  await motoApi("state-manager/set-transition", {
    model_name: "athena::execution",
    transition: { progression: "manual", times: 2 },
  });
});
afterAll(() => moto?.stop());

describe("Athena queries on moto_server", () => {
  it("runs a SELECT in the configured workgroup from queued to succeeded and returns its rows", async () => {
    await cannedResult(
      ["order_id", "email"],
      [
        ["1", "a@x.io"],
        ["2", null],
      ],
    );
    const athena = queries();
    const seen: AthenaQueryState[] = [];
    const result = await athena.run("SELECT order_id, email FROM orders", { onState: (s) => seen.push(s) });
    expect(seen).toEqual(["QUEUED", "RUNNING", "SUCCEEDED"]);
    expect(result.columns).toEqual([
      { name: "order_id", type: "bigint" },
      { name: "email", type: "varchar" },
    ]);
    const rows = [];
    for await (const page of result.pages()) rows.push(...page);
    expect(rows).toEqual([
      ["1", "a@x.io"],
      ["2", null],
    ]);
    expect(result.outputLocation).toBe(`s3://athena-results/medallion/${result.queryExecutionId}.csv`);
    expect(athena.calls).toEqual({ StartQueryExecution: 1, GetQueryExecution: 4, GetQueryResults: 1 });
  });

  it("reads workgroup, output location and database from medallion.yaml's athena: block", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "medallion-athena-"));
    writeFileSync(
      path.join(dir, "medallion.yaml"),
      "lake: s3://lake/root\nathena:\n  workgroup: primary\n  outputLocation: s3://athena-results/yaml/\n  database: acme_silver\n  pollInterval: 0.05\n",
    );
    const config = loadConfig({ endpointUrl: moto.endpoint, region: "us-east-1" }, dir);
    const athena = await openAthenaQueries(config);
    const result = await athena.run("SELECT 1");
    const out = await client().send(
      new GetQueryExecutionCommand({ QueryExecutionId: result.queryExecutionId }),
    );
    expect(out.QueryExecution).toMatchObject({
      WorkGroup: "primary",
      QueryExecutionContext: { Database: "acme_silver" },
      ResultConfiguration: { OutputLocation: `s3://athena-results/yaml/${result.queryExecutionId}.csv` },
    });
    athena.close();
  });

  it("cancels the query in Athena when the signal aborts", async () => {
    const athena = queries();
    const controller = new AbortController();
    const failure = await athena
      .run("SELECT * FROM big", {
        signal: controller.signal,
        onState: (s) => s === "QUEUED" && controller.abort(),
      })
      .then(
        () => undefined,
        (err: MedallionError) => err,
      );
    expect(failure?.code).toBe("cancelled");
    const id = failure?.message.match(/^Athena query (\S+) cancelled after/)?.[1];
    const out = await client().send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    expect(out.QueryExecution?.Status?.State).toBe("CANCELLED");
    expect(athena.calls.StopQueryExecution).toBe(1);
  });

  it("fails in one line naming a workgroup that does not exist", async () => {
    await expect(queries({ workgroup: "nope" }).run("SELECT 1")).rejects.toThrow(
      /^Athena StartQueryExecution failed in workgroup nope: WorkGroup does not exist$/,
    );
  });
});
