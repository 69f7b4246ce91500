// The what-if on a bucket that has lifecycle rules of its own, read through GetBucketLifecycleConfiguration
// on moto: the policy is simulated together with them (apply keeps them), and against them alone.

import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  CreateBucketCommand,
  PutBucketLifecycleConfigurationCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { costReport, whatIfLines } from "../../src/cost/index.js";
import { openLake } from "../../src/lake/index.js";
import { lineText } from "../../src/render/index.js";
import { cli } from "../preview/_cli.js";

const endpoint = inject("motoEndpoint");
const MiB = 1024 * 1024;
const DAY = 86_400_000;
let bucket: string;
let dir: string;

// Prices where a KiB-month is rate / 2^20 dollars: 1 MiB in STANDARD is $8, in GLACIER $1, in DEEP $0.50.
const PRICES = `prices:
  standard: [8192, 8192, 8192]
  storage: { STANDARD_IA: 4096, ONEZONE_IA: 4096, GLACIER_IR: 2048, GLACIER: 1024, DEEP_ARCHIVE: 512 }
`;

beforeAll(async () => {
  const client = new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" });
  bucket = `rules-${randomBytes(4).toString("hex")}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const day of ["01", "02", "03"]) {
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `lake/bronze/sales/orders/year=2026/month=01/day=${day}/part-0.json`,
        Body: Buffer.alloc(MiB),
      }),
    );
  }
  await client.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: bucket,
      LifecycleConfiguration: {
        Rules: [
          {
            ID: "archive-bronze",
            Status: "Enabled",
            Filter: { Prefix: "lake/bronze/" },
            Transitions: [{ Days: 60, StorageClass: "GLACIER" }],
          },
          {
            ID: "tagged",
            Status: "Enabled",
            Filter: { Tag: { Key: "tier", Value: "cold" } },
            Transitions: [{ Days: 1, StorageClass: "DEEP_ARCHIVE" }],
          },
        ],
      },
    }),
  );
  dir = mkdtempSync(path.join(tmpdir(), "medallion-rules-"));
  writeFileSync(
    path.join(dir, "medallion.yaml"),
    `lake: s3://${bucket}/lake\nendpointUrl: ${endpoint}\nregion: us-east-1\n${PRICES}`,
  );
}, 120_000);

describe("the what-if with the bucket's own lifecycle rules (moto)", () => {
  it("simulates the policy with them and against them alone, 200 days on", async () => {
    const lake = openLake(loadConfig({}, dir));
    // Ages as they will be 200 days from now (moto's objects are all new).
    const report = await costReport(lake, { now: Date.now() + 200 * DAY, snapshot: false });
    expect(report.existingRules.map((r) => [r.id, r.filterNote])).toEqual([
      ["archive-bronze", undefined],
      ["tagged", "filtered by tag"],
    ]);
    const w = report.whatIf;
    if (!w) throw new Error("no what-if");
    // Hand-computed per 1 MiB object: STANDARD 1024 KiB × 8192 / 2^20 = $8.
    expect(w.current).toBeCloseTo(24, 9);
    // The bucket's rule alone: GLACIER at 60 days: (1024 + 32) KiB × 1024 + 8 KiB × 8192, / 2^20 = $1.09375.
    expect(w.existing).toEqual({
      rules: 2,
      notSimulated: 1,
      monthly: expect.closeTo(3 * 1.09375, 9),
      savings: expect.closeTo(3 * 1.09375 - 3 * 0.578125, 9),
    });
    // With the policy as well: DEEP_ARCHIVE at 120 days (cheaper than GLACIER):
    // (1024 + 32) KiB × 512 + 8 KiB × 8192, / 2^20 = $0.578125.
    expect(w.proposed).toBeCloseTo(3 * 0.578125, 9);
    expect(w.moves).toEqual([expect.objectContaining({ to: "DEEP_ARCHIVE", objects: 3 })]);
    const text = whatIfLines(w).map(lineText).join("\n");
    expect(text).toContain(
      "the bucket's own rules (2) alone: $3.28/month in steady state; the policy saves $1.55/month beyond them (1 rule filtered by tag, size or date: not simulated)",
    );
  });

  it("medallion lifecycle plan lists the bucket's rules beside the proposed ones", () => {
    const run = spawnSync(process.execPath, [cli, "lifecycle", "plan"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, MEDALLION_CONFIG: "" },
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("the bucket's rules now:\n  archive-bronze  lake/bronze/  → GLACIER 60d\n");
    expect(run.stdout).toContain("tagged");
    expect(run.stdout).toContain("(filtered by tag: not simulated)");
    expect(run.stdout).toContain("the bucket's own rules (2) alone:");
  });
});
