import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { CUSTOMERS_CSV, duckdb, INGEST_YAML, ingestLake, medallion } from "./ingest-fixture.js";

const endpoint = inject("motoEndpoint");
const lakeBucket = `ingest-lake-${randomBytes(4).toString("hex")}`;
const landingBucket = `ingest-landing-${randomBytes(4).toString("hex")}`;
const s3 = new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" });

/** What the AWS CLI lists under a prefix: the reference for what ingest wrote to S3. */
function awsList(bucket: string, prefix: string): string[] {
  const ls = spawnSync(
    "aws",
    ["--endpoint-url", endpoint, "s3", "ls", "--recursive", `s3://${bucket}/${prefix}`],
    {
      encoding: "utf8",
      env: { ...process.env, AWS_DEFAULT_REGION: "us-east-1" },
    },
  );
  // `aws s3 ls` exits 1 when nothing is under the prefix.
  if (ls.status !== 0 && (ls.status !== 1 || ls.stdout.trim() !== "")) throw new Error(ls.stderr);
  const out = ls.stdout;
  return out
    .split("\n")
    .filter(Boolean)
    .map((line) => line.trim().split(/\s+/).slice(3).join(" "));
}

/** The partitions Glue holds for a table, as the AWS CLI reports them. */
function gluePartitions(database: string, table: string): string[] {
  const out = execFileSync(
    "aws",
    [
      "--endpoint-url",
      endpoint,
      "glue",
      "get-partitions",
      "--database-name",
      database,
      "--table-name",
      table,
    ],
    { encoding: "utf8", env: { ...process.env, AWS_DEFAULT_REGION: "us-east-1" } },
  );
  return (JSON.parse(out).Partitions as { Values: string[]; StorageDescriptor: { Location: string } }[])
    .map((p) => `${p.Values.join("/")} ${p.StorageDescriptor.Location}`)
    .sort();
}

beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: lakeBucket }));
  await s3.send(new CreateBucketCommand({ Bucket: landingBucket }));
  await s3.send(
    new PutObjectCommand({
      Bucket: landingBucket,
      Key: "drop/customers/year=2024/month=01/day=15/customers.csv.gz",
      Body: gzipSync(CUSTOMERS_CSV),
    }),
  );
});

function s3Lake(database: string, prefix = "lake"): string {
  const dir = mkdtempSync(path.join(tmpdir(), "medallion-s3-ingest-"));
  const yaml = INGEST_YAML.replace(
    "lake: .",
    `lake: s3://${lakeBucket}/${prefix}\nendpointUrl: ${endpoint}\nregion: us-east-1`,
  ).replace("catalog: local", `catalog: glue\ndatabase: ${database}_{layer}`);
  writeFileSync(path.join(dir, "medallion.yaml"), yaml);
  return dir;
}

describe("medallion ingest into an S3 lake (moto) with the Glue catalog", () => {
  it("reads an s3:// source through the store, writes bronze to S3 and registers the partition in Glue", async () => {
    const dir = s3Lake("s3ingest");
    const source = `s3://${landingBucket}/drop/customers/`;
    const done = medallion(dir, ["ingest", source, "bronze/shop/customers", "--json"]);
    expect(done.status, done.stderr).toBe(0);
    const result = JSON.parse(done.stdout);
    expect(result.rows).toBe(3);
    const keys = awsList(lakeBucket, "lake/");
    const bronze = keys.filter((k) => k.startsWith("lake/bronze/"));
    expect(bronze).toEqual([
      expect.stringMatching(
        /^lake\/bronze\/shop\/customers\/year=2024\/month=01\/day=15\/customers-[0-9a-f]{8}\.csv\.gz$/,
      ),
    ]);
    // Staging is gone; only the run's journal stays under _medallion/.
    expect(keys.filter((k) => k.startsWith("lake/_medallion/"))).toEqual([
      `lake/_medallion/runs/${result.id}.json`,
    ]);
    expect(gluePartitions("s3ingest_bronze", "shop_customers")).toEqual([
      `2024/01/15 s3://${lakeBucket}/lake/bronze/shop/customers/year=2024/month=01/day=15/`,
    ]);
    const object = await s3.send(new GetObjectCommand({ Bucket: lakeBucket, Key: bronze[0] }));
    const local = path.join(mkdtempSync(path.join(tmpdir(), "medallion-s3-ingest-read-")), "c.csv.gz");
    writeFileSync(
      local,
      await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
    );
    const rows = await duckdb(
      `SELECT customer_id, _source_file FROM read_csv('${local}', all_varchar = true)`,
    );
    expect(rows).toEqual([
      { customer_id: "1", _source_file: `${source}year=2024/month=01/day=15/customers.csv.gz` },
      { customer_id: "2", _source_file: `${source}year=2024/month=01/day=15/customers.csv.gz` },
      { customer_id: "007", _source_file: `${source}year=2024/month=01/day=15/customers.csv.gz` },
    ]);
    const diff = medallion(dir, ["diff", "bronze/shop/customers"]);
    expect(diff.status, diff.stdout + diff.stderr).toBe(0); // storage and Glue agree
    const again = medallion(dir, ["ingest", source, "bronze/shop/customers"]);
    expect(again.stdout).toMatch(/already in it/);
    expect(awsList(lakeBucket, "lake/bronze/")).toHaveLength(1);
  }, 120_000);

  it("lands local Parquet in the S3 lake by its timestamp column; read-only writes nothing", async () => {
    const dir = s3Lake("s3ingestpq");
    const { landing } = await ingestLake();
    const refused = medallion(dir, [
      "--read-only",
      "ingest",
      path.join(landing, "payments"),
      "bronze/shop/payments",
    ]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/refused to ingest into bronze\/shop\/payments: .*read-only/);
    expect(awsList(lakeBucket, "lake/bronze/shop/payments/")).toEqual([]);
    const done = medallion(dir, ["ingest", path.join(landing, "payments"), "bronze/shop/payments"]);
    expect(done.status, done.stderr).toBe(0);
    expect(awsList(lakeBucket, "lake/bronze/shop/payments/").map((k) => path.dirname(k))).toEqual([
      "lake/bronze/shop/payments/year=2024/month=01",
      "lake/bronze/shop/payments/year=2024/month=02",
      "lake/bronze/shop/payments/year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__",
    ]);
  }, 120_000);

  it("resumes an ingest killed while uploading to staging: the staged object stays, the other is read again from S3", async () => {
    for (const day of ["16", "17"]) {
      await s3.send(
        new PutObjectCommand({
          Bucket: landingBucket,
          Key: `drop2/customers/year=2024/month=01/day=${day}/customers.csv.gz`,
          Body: gzipSync(CUSTOMERS_CSV),
        }),
      );
    }
    const dir = s3Lake("s3ingestkill", "killed");
    const args = ["ingest", `s3://${landingBucket}/drop2/customers/`, "bronze/shop/customers"];
    const killed = medallion(dir, args, { MEDALLION_KILL_AFTER_STAGED_FILE: "1" });
    expect(killed.signal).toBe("SIGKILL");
    const staged = awsList(lakeBucket, "killed/_medallion/staging/");
    expect(staged).toHaveLength(1);
    const runs = JSON.parse(medallion(dir, ["runs", "--json"]).stdout) as { id: string; state: string }[];
    const id = runs.find((r) => r.state === "running")?.id as string;
    const resume = medallion(dir, ["runs", "resume", id]);
    expect(resume.status, resume.stderr).toBe(0);
    expect(awsList(lakeBucket, "killed/bronze/")).toHaveLength(2);
    expect(awsList(lakeBucket, "killed/_medallion/")).toEqual([`killed/_medallion/runs/${id}.json`]);
    expect(gluePartitions("s3ingestkill_bronze", "shop_customers")).toEqual([
      `2024/01/16 s3://${lakeBucket}/killed/bronze/shop/customers/year=2024/month=01/day=16/`,
      `2024/01/17 s3://${lakeBucket}/killed/bronze/shop/customers/year=2024/month=01/day=17/`,
    ]);
    expect(medallion(dir, args).stdout).toMatch(/already in it/);
  }, 120_000);
});
