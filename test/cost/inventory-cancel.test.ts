// A cancelled cost scan from an S3 Inventory report stops reading its data files (the cost screen's Esc):
// before, the scan went on reading every file of the report in the background.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CostAggregate } from "../../src/cost/aggregate.js";
import { scanInventory } from "../../src/cost/s3-inventory.js";

const FILES = 3;
const manifest = {
  sourceBucket: "lake",
  destinationBucket: "arn:aws:s3:::reports",
  version: "2016-11-30",
  fileFormat: "CSV",
  fileSchema: "Bucket, Key, Size, LastModifiedDate, StorageClass",
  files: Array.from({ length: FILES }, (_, i) => ({ key: `inventory/lake/all/data/${i}.csv.gz`, size: 0 })),
};
const csv = (i: number) =>
  gzipSync(
    `"lake","bronze/sales/orders/day=0${i}/part-0.json","1024","2026-11-01T00:00:00.000Z","STANDARD"\n`,
  );

describe("a cancelled S3 Inventory scan", () => {
  it("reads no data file after the cancel and ends with the abort", async () => {
    const read: string[] = [];
    const stop = new AbortController();
    const scan = scanInventory(
      "s3://reports/inventory/lake/all/2026-12-01T01-00Z/manifest.json",
      new CostAggregate(),
      {
        prefix: "",
        signal: stop.signal,
        read: async (location) => {
          read.push(location);
          if (location.endsWith("manifest.json")) return Buffer.from(JSON.stringify(manifest));
          return csv(Number(location.match(/(\d)\.csv\.gz$/)?.[1]));
        },
        // The user leaves the screen once the first file is folded.
        onProgress: (p) => {
          if (p.filesDone === 1) stop.abort(new Error("left the cost screen"));
        },
      },
    );
    await expect(scan).rejects.toThrow("left the cost screen");
    expect(read.filter((l) => l.endsWith(".csv.gz"))).toEqual([
      "s3://reports/inventory/lake/all/data/0.csv.gz",
    ]);
  });

  it("reads every file when left alone", async () => {
    const aggregate = new CostAggregate();
    let files = 0;
    await scanInventory("s3://reports/inventory/lake/all/2026-12-01T01-00Z/manifest.json", aggregate, {
      prefix: "",
      read: async (location) => {
        if (location.endsWith("manifest.json")) return Buffer.from(JSON.stringify(manifest));
        files += 1;
        return csv(Number(location.match(/(\d)\.csv\.gz$/)?.[1]));
      },
    });
    expect(files).toBe(FILES);
    expect(aggregate.objects).toBe(FILES);
  });
});
