// INTELLIGENT_TIERING's access tiers from an S3 Inventory report (IntelligentTieringAccessTier): each tier
// priced at its own rate, the archive tiers with their per-object overhead, the tier shown beside the class.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import {
  breakdown,
  CostAggregate,
  costReport,
  priceTable,
  rollup,
  rollupTable,
  snapshotOf,
} from "../../src/cost/index.js";
import { openLake } from "../../src/lake/index.js";
import { tableLines } from "../../src/render/index.js";

const KiB = 1024;
const GiB = 1024 ** 3;

/** A local lake folder and, beside it, an Inventory report (CSV, gzip) with the access tier column. */
function lakeWithReport(rows: [string, number, string, string][]): { dir: string; manifest: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "medallion-tiers-"));
  mkdirSync(path.join(dir, "gold"));
  const report = path.join(dir, "..", `${path.basename(dir)}-inventory`);
  mkdirSync(path.join(report, "2026-12-01T01-00Z"), { recursive: true });
  mkdirSync(path.join(report, "data"));
  const q = (s: string) => `"${s}"`;
  const csv = rows
    .map(([key, size, storageClass, tier]) =>
      [key, String(size), "2026-11-01T00:00:00.000Z", storageClass, tier].map(q).join(","),
    )
    .join("\n");
  writeFileSync(path.join(report, "data", "part-0.csv.gz"), gzipSync(`${csv}\n`));
  const manifest = path.join(report, "2026-12-01T01-00Z", "manifest.json");
  writeFileSync(
    manifest,
    JSON.stringify({
      sourceBucket: "lake",
      destinationBucket: "arn:aws:s3:::inventory",
      version: "2016-11-30",
      creationTimestamp: "1764550800000",
      fileFormat: "CSV",
      fileSchema: "Key, Size, LastModifiedDate, StorageClass, IntelligentTieringAccessTier",
      files: [{ key: "lake/all/data/part-0.csv.gz", size: 1, MD5checksum: "" }],
    }),
  );
  return { dir, manifest };
}

describe("INTELLIGENT_TIERING access tiers from an S3 Inventory report", () => {
  it("prices each tier at its rate, archive tiers with 8 KiB + 32 KiB per object, and names the tier", async () => {
    const { dir, manifest } = lakeWithReport([
      ["gold/sales/daily/part-0.parquet", GiB, "INTELLIGENT_TIERING", "FREQUENT"],
      ["gold/sales/daily/part-1.parquet", GiB, "INTELLIGENT_TIERING", "INFREQUENT"],
      ["gold/sales/daily/part-2.parquet", GiB, "INTELLIGENT_TIERING", "ARCHIVE_INSTANT_ACCESS"],
      ["gold/sales/daily/part-3.parquet", GiB, "INTELLIGENT_TIERING", "ARCHIVE_ACCESS"],
      ["gold/sales/daily/part-4.parquet", GiB, "INTELLIGENT_TIERING", "DEEP_ARCHIVE_ACCESS"],
      ["gold/sales/daily/part-5.parquet", GiB, "INTELLIGENT_TIERING", ""],
    ]);
    const lake = openLake(loadConfig({ lake: dir, region: "us-east-1" }, dir));
    const report = await costReport(lake, { inventory: manifest, snapshot: false });
    const byClass = new Map(rollup(report.breakdown.rows, "class").map((r) => [r.name, r.monthly]));
    // us-east-1 (aws-facts.md): frequent 0.023 (STANDARD's bands), infrequent 0.0125, archive instant
    // 0.004, archive 0.0036, deep archive 0.00099 per GiB-month; monitoring $0.0025 per 1,000 objects.
    const monitoring = 0.0025 / 1000;
    const overhead = (rate: number) => ((32 * KiB) / GiB) * rate + ((8 * KiB) / GiB) * 0.023;
    expect(byClass.get("INTELLIGENT_TIERING: frequent")).toBeCloseTo(0.023 + monitoring, 12);
    expect(byClass.get("INTELLIGENT_TIERING: infrequent")).toBeCloseTo(0.0125 + monitoring, 12);
    expect(byClass.get("INTELLIGENT_TIERING: archive instant")).toBeCloseTo(0.004 + monitoring, 12);
    expect(byClass.get("INTELLIGENT_TIERING: archive")).toBeCloseTo(
      0.0036 + overhead(0.0036) + monitoring,
      12,
    );
    expect(byClass.get("INTELLIGENT_TIERING: deep archive")).toBeCloseTo(
      0.00099 + overhead(0.00099) + monitoring,
      12,
    );
    // No tier given: the frequent tier's rate, and a note that says so.
    expect(byClass.get("INTELLIGENT_TIERING")).toBeCloseTo(0.023 + monitoring, 12);
    expect(report.scan.notes).toContain(
      "1 INTELLIGENT_TIERING object priced at the frequent tier: the report has no IntelligentTieringAccessTier field",
    );
    // Billable sizes: the archive tiers add 40 KiB per object.
    const billable = new Map(rollup(report.breakdown.rows, "class").map((r) => [r.name, r.billableBytes]));
    expect(billable.get("INTELLIGENT_TIERING: archive")).toBe(GiB + 40 * KiB);
    const text = tableLines(
      rollupTable(rollup(report.breakdown.rows, "class"), "class", report.breakdown.total.monthly),
      120,
    ).lines.join("\n");
    expect(text).toMatch(/INTELLIGENT_TIERING: deep archive\s+1\s+1\.0 GiB\s+1\.0 GiB\s+\$0\.0010/);
  });

  it("prices noncurrent versions at their own tier, and keeps each tier apart in a history snapshot", () => {
    const aggregate = new CostAggregate(Date.parse("2026-12-01T00:00:00Z"));
    const version = (key: string, accessTier: string, isLatest: boolean) =>
      aggregate.add({
        key,
        size: GiB,
        lastModified: Date.parse("2026-10-01T00:00:00Z"),
        storageClass: "INTELLIGENT_TIERING",
        accessTier,
        isLatest,
      });
    version("gold/sales/revenue/part-0.parquet", "FREQUENT", false);
    version("gold/sales/revenue/part-1.parquet", "INFREQUENT", false);
    version("gold/sales/revenue/part-2.parquet", "ARCHIVE_INSTANT_ACCESS", true);
    version("gold/sales/revenue/part-3.parquet", "INFREQUENT", true);
    const b = breakdown(aggregate, priceTable("us-east-1"));
    // 1 GiB frequent $0.023 + 1 GiB infrequent $0.0125, and two objects' monitoring ($0.0025 per 1,000).
    expect(b.noncurrent?.objects).toBe(2);
    expect(b.noncurrent?.monthly).toBeCloseTo(0.023 + 0.0125 + 0.000005, 9);
    const rows = snapshotOf(b, "", "inventory", "2026-12-01T00:00:00.000Z").rows;
    expect(rows.map((r) => [r.storageClass, r.tier, r.bytes])).toEqual(
      expect.arrayContaining([
        ["INTELLIGENT_TIERING", "ARCHIVE_INSTANT_ACCESS", GiB],
        ["INTELLIGENT_TIERING", "INFREQUENT", GiB],
      ]),
    );
    expect(rows).toHaveLength(2);
  });
});
