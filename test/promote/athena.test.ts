// `medallion promote --engine athena` on an S3 lake with the Glue catalog, all on moto_server through the
// real SDK. moto's Athena keeps query states, workgroups and StopQueryExecution but runs no SQL: the
// stand-in (athena-stand-in.ts) plays Athena's workers — it runs each statement Medallion sends on DuckDB
// over a local copy of the bronze files, queues the rows in moto for that query, and writes an UNLOAD's
// Parquet files under its TO location in moto's S3, as Athena would. Everything else (the states polled,
// the staging, the commit to S3 and Glue, the journal) is Medallion against moto, unaided.
import { type ChildProcess, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { GetTableCommand, GlueClient } from "@aws-sdk/client-glue";
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MotoServer, startMoto } from "../../bench/_moto.js";
import { cli, runCli } from "../preview/_cli.js";
import { type StandIn, type StandInTable, shopLakeOnS3, startStandIn } from "./athena-stand-in.js";
import { deliverAgain, duck, folderRows, GOLD_YAML, shopLake } from "./shop-lake.js";

const bucket = `athena-promote-${randomBytes(4).toString("hex")}`;
/** Athena bills 10 MiB at least per query, at $5 per TiB: what each of moto's 0-byte queries costs. */
const MIN_QUERY_USD = (10 * 2 ** 20 * 5) / 2 ** 40;

let moto: MotoServer;
let s3: S3Client;
let local: string;
let standIn: StandIn;
let lake1Config: string;
let glue: GlueClient;

const run = (cwd: string, args: string[], onChild?: (child: ChildProcess) => void) =>
  runCli(args, { cwd, onChild });

async function keysUnder(prefix: string): Promise<string[]> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key as string).sort();
}

/** The silver Parquet files of a lake prefix, copied to a folder, as DuckDB reads them. */
async function silverRows(lake: string): Promise<string[]> {
  const folder = mkdtempSync(path.join(tmpdir(), "athena-silver-"));
  for (const key of await keysUnder(`${lake}/silver/shop/orders/`)) {
    const body = await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body;
    const file = path.join(folder, key.replaceAll("/", "_"));
    writeFileSync(
      file,
      await (body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
    );
  }
  return folderRows(folder);
}

/** A lake under `s3://bucket/<lake>/` with the shop's bronze, promoted with Athena, catalogued in Glue. */
async function athenaLake(lake: string): Promise<string> {
  const dir = await shopLakeOnS3({
    s3,
    bucket,
    lake,
    local,
    endpointUrl: standIn.endpoint,
    extra: `athena: { workgroup: primary, outputLocation: "s3://${bucket}-results/medallion/", pollInterval: 0.05 }`,
  });
  // Through the stand-in's proxy, so never spawnSync: this process must keep answering.
  const sync = await run(dir, ["sync", "bronze/shop/orders", "--yes"]);
  expect(sync.status, sync.stdout + sync.stderr).toBe(0);
  return dir;
}

beforeAll(async () => {
  moto = await startMoto();
  // Each query is QUEUED for a poll, RUNNING for one, then SUCCEEDED: Medallion must poll its way there.
  await fetch(`${moto.endpoint}/moto-api/state-manager/set-transition`, {
    method: "POST",
    body: JSON.stringify({
      model_name: "athena::execution",
      transition: { progression: "manual", times: 1 },
    }),
  });
  s3 = new S3Client({ endpoint: moto.endpoint, region: "us-east-1", forcePathStyle: true });
  glue = new GlueClient({ endpoint: moto.endpoint, region: "us-east-1" });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new CreateBucketCommand({ Bucket: `${bucket}-results` }));
  local = shopLake();
  appendFileSync(path.join(local, "medallion.yaml"), GOLD_YAML);
  // The reference: the DuckDB engine's promotion of the same bronze (exit 1: rows were rejected).
  expect(spawnSync(process.execPath, [cli, "promote", "silver/shop/orders"], { cwd: local }).status).toBe(1);
  const tables: StandInTable[] = ["lake1", "lake2"].map((lake) => ({
    database: `${lake}_bronze`,
    name: "shop_orders",
    folder: path.join(local, "bronze/shop/orders"),
    s3Prefix: `s3://${bucket}/${lake}/bronze/shop/orders/`,
    format: "json" as const,
    columns: ["order_id", "email", "amount", "created_at", "updated_at"],
  }));
  // lake1's silver as Athena reads it for gold: the same rows as the reference's (the first test checks).
  tables.push({
    database: "lake1_silver",
    name: "shop_orders",
    folder: path.join(local, "silver/shop/orders"),
    s3Prefix: `s3://${bucket}/lake1/silver/shop/orders/`,
    format: "parquet",
    columns: [],
  });
  standIn = await startStandIn({ moto: moto.endpoint, bucket, tables });
}, 120_000);

afterAll(async () => {
  await standIn?.close();
  moto?.stop();
});

describe("promote --engine athena on S3 and Glue (moto)", () => {
  it("runs the silver promotion as Athena queries, commits what the UNLOADs wrote, and reports the scan and its cost", async () => {
    const dir = await athenaLake("lake1");
    lake1Config = path.join(dir, "medallion.yaml");
    const before = standIn.started.length;
    const done = await run(dir, ["promote", "bronze/shop/orders", "--to", "silver", "--json"]);
    expect(done.status, done.stderr).toBe(1); // rows were rejected
    const result = JSON.parse(done.stdout);
    // The same counts as the DuckDB engine gives for this lake (test/promote/cli.test.ts).
    expect(result.counts).toMatchObject({ rowsIn: 24, rejected: 9, deduplicated: 3, rowsOut: 12 });

    const started = standIn.started.slice(before);
    expect(started.every((q) => q.workgroup === "primary")).toBe(true);
    expect(started.every((q) => q.outputLocation === `s3://${bucket}-results/medallion/`)).toBe(true);
    // Bronze is read through its Glue table, only the input partitions (by value, for pruning, and by path).
    expect(started[0]?.sql).toMatch(
      /FROM "lake1_bronze"\."shop_orders" WHERE \(\("year" = '2024' AND "month" = '01' AND "day" = '01'\) OR /,
    );
    // Silver and its rejects: 3 partitions each, one UNLOAD each (≤100 partitions), into the run's staging.
    const unloads = started.filter((q) => q.sql.startsWith("UNLOAD"));
    expect(unloads).toHaveLength(2);
    for (const [i, table] of ["silver/shop/orders/", "silver/shop/orders__rejects/"].entries()) {
      expect(unloads[i]?.sql).toContain(
        `\nTO 's3://${bucket}/lake1/_medallion/staging/${result.id}/new/${table}_athena-`,
      );
      expect(unloads[i]?.sql).toMatch(
        /\nWITH \(format = 'PARQUET', compression = 'ZSTD', partitioned_by = ARRAY\['year', 'month', 'day'\]\)$/,
      );
    }
    expect(result.usage).toEqual({
      queries: started.length,
      scannedBytes: 0, // moto reports no bytes scanned
      costUsd: expect.closeTo(started.length * MIN_QUERY_USD, 12),
    });

    // What the UNLOADs wrote is now at the Hive folders; staging is gone, the journal stays.
    const silver = await keysUnder("lake1/silver/");
    expect(silver.filter((k) => k.startsWith("lake1/silver/shop/orders/"))).toEqual(
      [1, 2, 3].map(
        (d) => `lake1/silver/shop/orders/year=2024/month=01/day=0${d}/part-${result.id}-0.parquet`,
      ),
    );
    expect(silver.filter((k) => k.startsWith("lake1/silver/shop/orders__rejects/"))).toHaveLength(3);
    expect(await keysUnder("lake1/_medallion/")).toEqual([`lake1/_medallion/runs/${result.id}.json`]);
    // The rows DuckDB reads from them are the DuckDB engine's rows for the same lake.
    expect(await silverRows("lake1")).toEqual(await folderRows(path.join(local, "silver/shop/orders")));
    // Glue holds the silver partitions at their folders: storage and catalog agree.
    const diff = await run(dir, ["diff", "silver/shop/orders"]);
    expect(diff.status, diff.stdout + diff.stderr).toBe(0);

    const human = await run(dir, ["runs", "show", result.id]);
    expect(human.stdout).toMatch(/Athena: \d+ queries, 0 B scanned · \$0\.\d{4}/);
  }, 240_000);

  it("stops the running query on Ctrl-C, leaves a resumable run with nothing visible, and resumes it", async () => {
    const dir = await athenaLake("lake2");
    let child: ChildProcess | undefined;
    standIn.onStart = (sql) => {
      if (sql.startsWith("UNLOAD")) child?.kill("SIGINT");
    };
    const stopped = await run(dir, ["promote", "bronze/shop/orders", "--to", "silver"], (c) => {
      child = c;
    });
    standIn.onStart = undefined;
    expect(stopped.status).toBe(2);
    const line = stopped.stderr.trim();
    expect(line.split("\n")).toHaveLength(1);
    expect(line).toMatch(
      /Athena query \S+ cancelled after \d+\.\d s: stopped it in Athena; run (\S+) is unfinished and nothing of it is visible/,
    );
    const id = /run (\S+) is unfinished/.exec(line)?.[1] as string;

    expect(await keysUnder("lake2/silver/")).toEqual([]);
    const runs = JSON.parse((await run(dir, ["runs", "--json"])).stdout);
    expect(runs).toEqual([expect.objectContaining({ id, state: "running" })]);

    const resumed = await run(dir, ["runs", "resume", id]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/committed/);
    expect(await silverRows("lake2")).toEqual(await folderRows(path.join(local, "silver/shop/orders")));
    expect(await keysUnder("lake2/_medallion/")).toEqual([`lake2/_medallion/runs/${id}.json`]);
  }, 240_000);

  it("builds gold from silver on Athena: its columns typed from Athena's DESCRIBE in Glue, the same rows as DuckDB's; a type change stops it", async () => {
    // After the first test: lake1's silver is promoted and registered in Glue.
    const dir = path.dirname(lake1Config);
    const done = await run(dir, ["promote", "gold/shop/daily", "--json"]);
    expect(done.status, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout).counts).toMatchObject({ rowsIn: 12, rowsOut: 3 });
    const table = await glue.send(new GetTableCommand({ DatabaseName: "lake1_gold", Name: "shop_daily" }));
    expect(table.Table?.StorageDescriptor?.Columns?.map((c) => `${c.Name} ${c.Type}`)).toEqual([
      "day string",
      "orders bigint",
      "revenue decimal(38,2)",
    ]);
    const reference = spawnSync(process.execPath, [cli, "promote", "gold/shop/daily"], { cwd: local });
    expect(reference.status, String(reference.stderr)).toBe(0);
    const rows = async (where: string) =>
      (await duck(`SELECT day, orders, revenue FROM read_parquet('${where}') ORDER BY day`)).map((r) =>
        JSON.stringify(r),
      );
    const folder = mkdtempSync(path.join(tmpdir(), "athena-gold-"));
    for (const key of await keysUnder("lake1/gold/shop/daily/")) {
      const body = await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body;
      writeFileSync(
        path.join(folder, key.replaceAll("/", "_")),
        await (body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
      );
    }
    expect(await rows(`${folder}/*`)).toEqual(await rows(`${local}/gold/shop/daily/**/*.parquet`));

    writeFileSync(
      lake1Config,
      readFileSync(lake1Config, "utf8").replace("{ name: revenue, fn: sum", "{ name: revenue, fn: count"),
    );
    const refused = await run(dir, ["promote", "gold/shop/daily", "--partitions", "year=2024"]);
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim()).toMatch(
      /^medallion: gold\/shop\/daily: column revenue changes from decimal\(38,2\) to bigint \(a type change\) in partition year=2024\/month=01 and the others written before: refused \(pass --allow-breaking/,
    );
  }, 240_000);

  it("promotes a second delivery on Athena: the changed partitions' current silver rows are read through Glue and merged, as DuckDB merges them", async () => {
    // After the first test: lake1's silver holds the first delivery (the stand-in reads it as the reference's).
    deliverAgain(local);
    for (const day of [1, 2, 3]) {
      const key = `bronze/shop/orders/year=2024/month=01/day=0${day}/part-1.json`;
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `lake1/${key}`,
          Body: readFileSync(path.join(local, key)),
        }),
      );
    }
    const dir = path.dirname(lake1Config);
    const done = await run(dir, ["promote", "bronze/shop/orders", "--to", "silver", "--json"]);
    expect(done.status, done.stderr).toBe(1);
    expect(JSON.parse(done.stdout).inputs).toBe(3);
    const reference = spawnSync(process.execPath, [cli, "promote", "silver/shop/orders"], { cwd: local });
    expect(reference.status, String(reference.stderr)).toBe(1);
    expect(await silverRows("lake1")).toEqual(await folderRows(path.join(local, "silver/shop/orders")));
  }, 240_000);
});
