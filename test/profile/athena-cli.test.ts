// `medallion profile --engine athena` through the built CLI, every call on moto_server through the real
// SDK: S3 and Glue as they are, Athena's states and results from moto, its SQL run on DuckDB by the
// stand-in proxy (test/promote/athena-stand-in.ts) with the profile's translation (_athena-lake.ts).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AthenaClient, GetQueryResultsCommand, StartQueryExecutionCommand } from "@aws-sdk/client-athena";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { profilePath } from "../../src/profile/index.js";
import { buildCli, runCli } from "../preview/_cli.js";
import { type StandIn, startStandIn } from "../promote/athena-stand-in.js";
import { type AthenaLake, athenaLake, PARTITION, TRINO_PROFILE_ON_DUCKDB } from "./_athena-lake.js";

let fixture: AthenaLake;
let proxy: StandIn;
let dir: string;

beforeAll(async () => {
  await buildCli();
  fixture = await athenaLake();
  proxy = await startStandIn({
    moto: inject("motoEndpoint"),
    bucket: fixture.bucket,
    tables: fixture.tables,
  });
  // The translation, sent as statements the proxy runs on its DuckDB; their rows, queued in moto, read
  // here so that the profile's queries get their own.
  const athena = new AthenaClient({ endpoint: proxy.endpoint, region: "us-east-1" });
  for (const macro of TRINO_PROFILE_ON_DUCKDB) {
    const started = await athena.send(
      new StartQueryExecutionCommand({
        QueryString: macro,
        WorkGroup: "primary",
        ResultConfiguration: { OutputLocation: `s3://${fixture.bucket}/athena/` },
      }),
    );
    await athena.send(new GetQueryResultsCommand({ QueryExecutionId: started.QueryExecutionId }));
  }
  athena.destroy();
  dir = mkdtempSync(path.join(tmpdir(), "medallion-profile-athena-"));
  writeFileSync(
    path.join(dir, "medallion.yaml"),
    [
      `lake: s3://${fixture.bucket}/prod`,
      "catalog: glue",
      `database: ${fixture.prefix}_{layer}`,
      "region: us-east-1",
      `athena: { workgroup: primary, outputLocation: "s3://${fixture.bucket}/athena/", pollInterval: 0.05 }`,
    ].join("\n"),
  );
}, 240_000);
afterAll(async () => {
  await proxy?.close();
  await fixture?.close();
});

/** The built CLI against the proxy (runCli: this process answers the proxy's requests). */
const medallion = (...args: string[]) =>
  runCli(["--endpoint-url", proxy.endpoint, ...args], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: "1", COLUMNS: "200" },
  });

describe("medallion profile --engine athena on moto_server", () => {
  it("prints the partition's figures as Athena computed them, equal to DuckDB's over its files", async () => {
    const json = await medallion("profile", PARTITION, "--engine", "athena", "--json");
    expect(json.status, json.stderr).toBe(0);
    const profile = JSON.parse(json.stdout);
    const duckdb = await profilePath(fixture.local, PARTITION, { exactDistinctRows: 0 });
    expect(profile.rows).toBe(duckdb.rows);
    const byName = (columns: { name: string; nulls: number; distinct: number }[]) =>
      Object.fromEntries(columns.map((c) => [c.name, [c.nulls, c.distinct]]));
    expect(byName(profile.columns)).toEqual(byName(duckdb.columns));
    expect(profile.athena).toMatchObject({ workgroup: "primary" });
    expect(profile).not.toHaveProperty("files");
    expect(profile.athena.queries).toHaveLength(2);
    expect(proxy.started.slice(-2).map((s) => s.workgroup)).toEqual(["primary", "primary"]);

    const text = await medallion("profile", PARTITION, "--engine", "athena");
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      /^silver\/sales\/orders\/year=2024\/month=01\/day=30 · Athena \(primary\): 2 queries, /,
    );
    expect(text.stdout).toMatch(/^status\s+string\s+0\s+≈\d+/m);
    expect(text.stdout).toContain("amount  decimal(10,2) · histogram");
  }, 120_000);
});
