// An S3 lake copied to another prefix (a bucket reorganised, a lake promoted from staging to prod): the
// Glue catalog still points at the old prefix. diff says so, sync re-points the table and its partitions
// and drops what is gone when asked, and then the two agree — moto through the real AWS SDK.
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { S3Store } from "../../src/storage/s3-store.js";
import { medallion, order } from "./lake-fixture.js";

const endpoint = inject("motoEndpoint");
const bucket = `moved-${randomUUID().slice(0, 8)}`;
const domain = `d${randomUUID().replaceAll("-", "").slice(0, 10)}`;
const table = `bronze/${domain}/orders`;

beforeAll(async () => {
  await new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" }).send(
    new CreateBucketCommand({ Bucket: bucket }),
  );
  const old = new S3Store({ bucket, prefix: "staging/", endpointUrl: endpoint });
  for (const month of ["01", "02", "03"])
    await old.put(`${table}/year=2024/month=${month}/part-0.json`, order(Number(month)));
});

describe("an S3 lake copied to another prefix", () => {
  it("diff names the old location, sync re-points table and partitions, then diff is in sync", async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "medallion-moved-s3-"));
    const flags = (prefix: string) => [
      "--lake",
      `s3://${bucket}/${prefix}`,
      "--catalog",
      "glue",
      "--endpoint-url",
      endpoint,
      "--region",
      "us-east-1",
    ];
    const first = await medallion(cwd, ...flags("staging"), "sync", table, "--yes");
    expect(first.stdout, first.stderr).toContain(`${table}: registered, added 3`);

    // The objects move to prod/ (two months; the third is gone): the catalog still says staging/.
    const from = new S3Store({ bucket, prefix: "staging/", endpointUrl: endpoint });
    const to = new S3Store({ bucket, prefix: "prod/", endpointUrl: endpoint });
    for (const month of ["01", "02"]) {
      const key = `${table}/year=2024/month=${month}/part-0.json`;
      await to.put(key, await from.read(key));
    }

    const diff = await medallion(cwd, ...flags("prod"), "diff", table, "--json");
    expect(diff.code, diff.stderr).toBe(1);
    const [found] = JSON.parse(diff.stdout).tables;
    expect(found.tableIssues).toEqual([
      `registered at s3://${bucket}/staging/${table}/, the table lives at s3://${bucket}/prod/${table}`,
    ]);
    expect(found.partitions.map((p: { status: string; name: string }) => `${p.status} ${p.name}`)).toEqual([
      "update year=2024/month=01",
      "update year=2024/month=02",
      "drop year=2024/month=03",
    ]);

    const sync = await medallion(cwd, ...flags("prod"), "sync", table, "--yes", "--drop-stale");
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toContain(`${table}: re-pointed the table at s3://${bucket}/prod/${table}/`);
    const after = await medallion(cwd, ...flags("prod"), "diff", table);
    expect(after.code, after.stdout).toBe(0);
  }, 120_000);
});
