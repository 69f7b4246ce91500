import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openPreview } from "../../src/preview/index.js";
import { S3Store } from "../../src/storage/s3-store.js";
import { parquetWriter } from "../parquet/_duckdb.js";
import { buildCli, cli } from "./_cli.js";

const endpoint = inject("motoEndpoint");
// The AWS SDK warns on stderr that it will need Node 22 from 2027; that notice is not ours to assert on.
const env = {
  ...process.env,
  MEDALLION_CONFIG: "",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};
const bucket = `preview-${randomBytes(4).toString("hex")}`;
let duck: Awaited<ReturnType<typeof parquetWriter>>;
let store: S3Store;

beforeAll(async () => {
  await new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" }).send(
    new CreateBucketCommand({ Bucket: bucket }),
  );
  store = new S3Store({ bucket, prefix: "lake/", endpointUrl: endpoint });
  duck = await parquetWriter();
  const key = await duck.write(
    "events.parquet",
    `SELECT i AS id, md5(i::VARCHAR) AS hash, i % 100 AS bucket, TIMESTAMP '2024-05-01' + INTERVAL (i) MINUTE AS at
     FROM range(300000) t(i)`,
    "ROW_GROUP_SIZE 20480, COMPRESSION zstd",
  );
  await store.put("silver/web/events/part-0.parquet", readFileSync(path.join(duck.dir, key)));
}, 120_000);
afterAll(() => duck.close());

describe("preview over S3 (moto)", () => {
  it("reads the footer with one suffix GET and no HEAD (the GET tells the size), then only the chunks of the page", async () => {
    const before = { ...store.requests };
    const preview = await openPreview(store, "silver/web/events/part-0.parquet");
    const size = preview.size;
    expect(size).toBe((await store.head("silver/web/events/part-0.parquet")).size);
    expect(size).toBeGreaterThan(512 * 1024); // so the footer read is a true suffix of the object
    expect(preview.totalRows).toBe(300_000);
    expect(preview.fetched.requests).toBe(1);
    const groups = preview.parquet?.rowGroups ?? [];
    const second = groups[1];
    expect(second).toBeDefined();
    const page = await preview.rows({ offset: (second?.firstRow ?? 0) + 7, limit: 3, columns: ["at", "id"] });
    const first = (second?.firstRow ?? 0) + 7;
    expect(page.rows.map((r) => r.cells[1])).toEqual([String(first), String(first + 1), String(first + 2)]);
    expect(page.rows[0]?.cells[0]).toBe(
      new Date(Date.UTC(2024, 4, 1) + first * 60_000).toISOString().slice(0, 19),
    );
    const needed = (second?.columns ?? [])
      .filter((c) => c.column === "at" || c.column === "id")
      .reduce((s, c) => s + c.compressedBytes, 0);
    const footer = Math.min(size, 512 * 1024);
    expect(preview.fetched.bytes).toBeLessThanOrEqual(footer + needed + 8192);
    expect(preview.fetched.bytes).toBeLessThan(size / 2);
    expect((store.requests.HeadObject ?? 0) - (before.HeadObject ?? 0)).toBe(1); // the test's own HEAD
    expect((store.requests.GetObject ?? 0) - (before.GetObject ?? 0)).toBe(preview.fetched.requests);
  });

  it("previews the head of a gzip JSON lines object with one ranged GET", async () => {
    const body = Array.from({ length: 50_000 }, (_, i) =>
      JSON.stringify({ i, s: randomBytes(12).toString("hex") }),
    );
    await store.put("bronze/web/clicks/part-0.json.gz", gzipSync(body.join("\n")));
    const preview = await openPreview(store, "bronze/web/clicks/part-0.json.gz");
    const page = await preview.rows({ limit: 3 });
    expect(page.rows.map((r) => r.cells[0])).toEqual(["0", "1", "2"]);
    expect(page.rows[2]?.cells[1]).toBe(JSON.parse(body[2] ?? "{}").s);
    expect(preview.fetched).toEqual({ bytes: 256 * 1024, requests: 1 });
    expect(preview.size).toBeGreaterThan(256 * 1024);
  });

  it("runs `medallion preview s3://…` and `schema` from the built CLI against the endpoint", async () => {
    await buildCli();
    const uri = `s3://${bucket}/lake/silver/web/events/part-0.parquet`;
    const run = spawnSync(
      process.execPath,
      [cli, "preview", uri, "--endpoint-url", endpoint, "--rows", "2", "--columns", "id,bucket", "--json"],
      { cwd: duck.dir, encoding: "utf8", env },
    );
    expect(run.stderr).toBe("");
    const doc = JSON.parse(run.stdout);
    expect(doc.location).toBe(uri);
    expect(doc.rows).toEqual([
      { id: 0, bucket: 0 },
      { id: 1, bucket: 1 },
    ]);
    const schema = spawnSync(
      process.execPath,
      [cli, "schema", `s3://${bucket}/lake/silver/web/events/`, "--endpoint-url", endpoint],
      {
        cwd: duck.dir,
        encoding: "utf8",
        env,
      },
    );
    expect(schema.status).toBe(0);
    expect(schema.stdout).toMatch(/^└ at\s+timestamp\(us\)\s+\(INT64\)$/m);
    const missing = spawnSync(
      process.execPath,
      [cli, "preview", `s3://${bucket}/lake/nope.parquet`, "--endpoint-url", endpoint],
      {
        cwd: duck.dir,
        encoding: "utf8",
        env,
      },
    );
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^medallion: not found: s3:\/\/.*nope\.parquet.*\n$/);
  }, 120_000);
});
