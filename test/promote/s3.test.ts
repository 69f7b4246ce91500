import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { SHOP_YAML, shopLake } from "./shop-lake.js";

const endpoint = inject("motoEndpoint");
const bucket = `promote-${randomBytes(4).toString("hex")}`;
const cli = path.resolve("dist/commands/medallion.js");

/** What the AWS CLI lists under a prefix: the reference for what a promotion wrote to S3. */
function awsList(prefix: string): string[] {
  const out = execFileSync(
    "aws",
    ["--endpoint-url", endpoint, "s3", "ls", "--recursive", `s3://${bucket}/${prefix}`],
    {
      encoding: "utf8",
      env: { ...process.env, AWS_DEFAULT_REGION: "us-east-1" },
    },
  );
  return out
    .split("\n")
    .filter(Boolean)
    .map((line) => line.trim().split(/\s+/).slice(3).join(" "));
}

beforeAll(async () => {
  const s3 = new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const local = shopLake();
  for (const name of readdirSync(path.join(local, "bronze"), { recursive: true }).map(String)) {
    if (!name.endsWith(".json")) continue;
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `lake/bronze/${name}`,
        Body: readFileSync(path.join(local, "bronze", name)),
      }),
    );
  }
});

describe("promote on an S3 lake (moto) with the Glue catalog", () => {
  it("fetches only the input partitions, writes silver and rejects to S3 and registers them in Glue", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "medallion-s3-promote-"));
    const yaml = SHOP_YAML.replace(
      "lake: .",
      `lake: s3://${bucket}/lake\nendpointUrl: ${endpoint}\nregion: us-east-1`,
    ).replace("catalog: local", "catalog: glue\ndatabase: s3shop_{layer}");
    writeFileSync(path.join(dir, "medallion.yaml"), yaml);
    const promote = spawnSync(process.execPath, [cli, "promote", "silver/shop/orders", "--json"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(promote.status, promote.stderr).toBe(1); // rows were rejected
    const result = JSON.parse(promote.stdout);
    expect(result.counts.rowsOut).toBe(12);
    const silver = awsList("lake/silver/");
    expect(
      silver.filter((k) => k.startsWith("lake/silver/shop/orders/year=2024/month=01/day=")),
    ).toHaveLength(3);
    expect(silver.filter((k) => k.startsWith("lake/silver/shop/orders__rejects/"))).toHaveLength(3);
    expect(silver.every((k) => k.endsWith(".parquet"))).toBe(true);
    // Staging is gone; the journal stays, outside every layer.
    const state = awsList("lake/_medallion/");
    expect(state).toEqual([`lake/_medallion/runs/${result.id}.json`]);

    const diff = spawnSync(process.execPath, [cli, "diff", "silver/shop/orders", "--json"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(diff.status, diff.stdout + diff.stderr).toBe(0); // storage and Glue agree
    const again = spawnSync(process.execPath, [cli, "promote", "silver/shop/orders", "--json"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(JSON.parse(again.stdout).upToDate).toBe(true);
  }, 120_000);
});
