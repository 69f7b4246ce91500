// A lake on moto with tiny objects in IA and Glacier classes, a noncurrent version and an incomplete
// multipart upload, and its S3 Inventory report (CSV gzip, or Parquet written by DuckDB) built from the
// bucket's own ListObjectVersions, as S3 would.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  type StorageClass,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { parquetWriter } from "../parquet/_duckdb.js";

const KiB = 1024;

/** key under the lake root, size, class: what the hand-computed figures in the tests are about. */
export const FIXTURE: [string, number, StorageClass][] = [
  ["bronze/sales/orders/year=2024/month=01/day=01/part-0.json", 1 * KiB, "STANDARD_IA"],
  ["bronze/sales/orders/year=2024/month=01/day=02/part-0.json", 2 * KiB, "GLACIER"],
  ["bronze/sales/orders/year=2024/month=01/day=03/part-0.json", 3 * KiB, "DEEP_ARCHIVE"],
  ["silver/sales/orders/year=2024/month=01/part-0.parquet", 300 * KiB, "GLACIER_IR"],
  ["silver/sales/orders/year=2024/month=01/part-1.parquet", 10 * KiB, "ONEZONE_IA"],
  ["gold/sales/daily/part-0.parquet", 200 * KiB, "INTELLIGENT_TIERING"],
  ["gold/sales/daily/part-1.parquet", 64 * KiB, "STANDARD"],
];
/** gold/sales/daily/part-1.parquet was first written with this many bytes: now a noncurrent version. */
export const NONCURRENT_BYTES = 32 * KiB;
/** One part of an upload never completed. */
export const UPLOAD_PART_BYTES = 1024 * KiB;

export interface CostFixture {
  client: S3Client;
  bucket: string;
  prefix: string;
  /** A folder with medallion.yaml for the lake (prices as given). */
  dir: string;
  writeConfig(extra?: string): void;
  /** Writes the Inventory report of the bucket to the report bucket; returns the manifest's s3:// URI. */
  inventoryReport(format: "CSV" | "Parquet"): Promise<string>;
}

export async function costFixture(endpoint: string): Promise<CostFixture> {
  const client = new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" });
  const bucket = `cost-${randomBytes(4).toString("hex")}`;
  const reports = `${bucket}-inv`;
  const prefix = "lake/";
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  await client.send(new CreateBucketCommand({ Bucket: reports }));
  await client.send(
    new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }),
  );
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: `${prefix}gold/sales/daily/part-1.parquet`,
      Body: Buffer.alloc(NONCURRENT_BYTES),
    }),
  );
  for (const [key, size, storageClass] of FIXTURE) {
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: prefix + key,
        Body: Buffer.alloc(size),
        StorageClass: storageClass,
      }),
    );
  }
  const upload = await client.send(
    new CreateMultipartUploadCommand({ Bucket: bucket, Key: `${prefix}silver/sales/orders/big.parquet` }),
  );
  await client.send(
    new UploadPartCommand({
      Bucket: bucket,
      Key: `${prefix}silver/sales/orders/big.parquet`,
      UploadId: upload.UploadId,
      PartNumber: 1,
      Body: Buffer.alloc(UPLOAD_PART_BYTES),
    }),
  );
  const dir = mkdtempSync(path.join(tmpdir(), "medallion-cost-"));
  const writeConfig = (extra = "") =>
    writeFileSync(
      path.join(dir, "medallion.yaml"),
      `lake: s3://${bucket}/${prefix.slice(0, -1)}\nendpointUrl: ${endpoint}\nregion: us-east-1\n${extra}`,
    );
  writeConfig();

  async function versions() {
    const out = await client.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    return out.Versions ?? [];
  }

  async function inventoryReport(format: "CSV" | "Parquet"): Promise<string> {
    const rows = (await versions()).map((v) => ({
      key: v.Key ?? "",
      versionId: v.VersionId ?? "",
      isLatest: v.IsLatest ?? true,
      size: v.Size ?? 0,
      lastModified: v.LastModified?.toISOString() ?? "",
      storageClass: v.StorageClass ?? "STANDARD",
    }));
    const base = `inventory/${bucket}/all`;
    let dataKey: string;
    let body: Buffer;
    let fileSchema: string;
    if (format === "CSV") {
      fileSchema = "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, StorageClass";
      const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
      const text = rows
        .map((r) =>
          [
            bucket,
            encodeURIComponent(r.key).replaceAll("%2F", "/"),
            r.versionId,
            String(r.isLatest),
            "false",
            String(r.size),
            r.lastModified,
            r.storageClass,
          ]
            .map(q)
            .join(","),
        )
        .join("\n");
      body = gzipSync(`${text}\n`);
      dataKey = `${base}/data/${randomBytes(8).toString("hex")}.csv.gz`;
    } else {
      fileSchema =
        "message s3.inventory { required binary bucket (STRING); required binary key (STRING); optional binary version_id (STRING); optional boolean is_latest; optional boolean is_delete_marker; optional int64 size; optional int64 last_modified_date (TIMESTAMP(MILLIS,true)); optional binary storage_class (STRING); }";
      const duck = await parquetWriter();
      try {
        const values = rows
          .map(
            (r) =>
              `('${bucket}', '${r.key}', '${r.versionId}', ${r.isLatest}, false, ${r.size}, TIMESTAMP '${r.lastModified.replace("T", " ").replace("Z", "")}', '${r.storageClass}')`,
          )
          .join(", ");
        const file = await duck.write(
          "inventory.parquet",
          `SELECT * FROM (VALUES ${values}) t(bucket, key, version_id, is_latest, is_delete_marker, size, last_modified_date, storage_class)`,
        );
        body = readFileSync(path.join(duck.dir, file));
      } finally {
        await duck.close();
      }
      dataKey = `${base}/data/${randomBytes(8).toString("hex")}.parquet`;
    }
    await client.send(new PutObjectCommand({ Bucket: reports, Key: dataKey, Body: body }));
    const manifest = {
      sourceBucket: bucket,
      destinationBucket: `arn:aws:s3:::${reports}`,
      version: "2016-11-30",
      creationTimestamp: String(Date.now()),
      fileFormat: format,
      fileSchema,
      files: [{ key: dataKey, size: body.length, MD5checksum: "" }],
    };
    const manifestKey = `${base}/2026-12-01T01-00Z/manifest.json`;
    await client.send(
      new PutObjectCommand({ Bucket: reports, Key: manifestKey, Body: JSON.stringify(manifest) }),
    );
    return `s3://${reports}/${manifestKey}`;
  }

  return { client, bucket, prefix, dir, writeConfig, inventoryReport };
}
