// `medallion query --engine athena` through the built CLI against moto_server: the real SDK's calls, the
// workgroup and output location from medallion.yaml, the rows moto is told to return, the statistics.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MotoServer, startMoto } from "../../bench/_moto.js";
import { buildCli, cli } from "../preview/_cli.js";

let moto: MotoServer;
const dir = mkdtempSync(path.join(tmpdir(), "medallion-query-athena-"));

beforeAll(async () => {
  await buildCli();
  moto = await startMoto();
  writeFileSync(
    path.join(dir, "medallion.yaml"),
    [
      "lake: s3://lake/prod",
      "catalog: glue",
      "engine: athena",
      "region: us-east-1",
      'athena: { workgroup: primary, outputLocation: "s3://athena-results/medallion/", pollInterval: 0.05 }',
    ].join("\n"),
  );
}, 180_000);
afterAll(() => moto?.stop());

function medallion(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, "--endpoint-url", moto.endpoint, ...args],
      { cwd: dir, env: { ...process.env, NO_COLOR: "1", MEDALLION_SETTINGS_DIR: dir } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
  });
}

async function cannedResult(header: [string, string][], rows: (string | null)[][]): Promise<void> {
  const res = await fetch(`${moto.endpoint}/moto-api/static/athena/query-results`, {
    method: "POST",
    body: JSON.stringify({
      region: "us-east-1",
      results: [
        {
          rows: [header.map(([name]) => name), ...rows].map((r) => ({
            Data: r.map((v) => (v === null ? {} : { VarCharValue: v })),
          })),
          column_info: header.map(([name, type]) => ({ Name: name, Label: name, Type: type })),
        },
      ],
    }),
  });
  expect(res.status).toBeLessThan(300);
}

describe("medallion query --engine athena on moto_server", () => {
  it("prints Athena's rows and its statistics, with the query's id", async () => {
    await cannedResult(
      [
        ["status", "varchar"],
        ["n", "bigint"],
      ],
      [
        ["paid", "10"],
        [null, "4"],
      ],
    );
    const run = await medallion(
      "query",
      "select status, count(*) n from silver.sales_orders group by 1",
      "--format",
      "json",
    );
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.rows).toEqual([
      { status: "paid", n: 10 },
      { status: null, n: 4 },
    ]);
    expect(doc.stats).toMatchObject({ engine: "athena", queryId: expect.any(String) });
    expect(run.stderr).toMatch(
      /scanned · \$[\d.]+ \(Athena's statistics: bytes scanned, billed by the MiB, 10 MiB at least; query \S+\)/,
    );
    const table = await medallion("query", "select 1");
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/scanned · \$/);
  });

  it("refuses a statement that is not a query before calling Athena, in one line, exit 2", async () => {
    const run = await medallion("query", "drop table silver.sales_orders");
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^medallion: a query is one SELECT/),
    ]);
  });
});
