// The report source: an S3 Inventory report's manifest.json → its data files (CSV gzip or Parquet),
// fields as the manifest's fileSchema (CSV) or the file's own columns (Parquet) name them. Each data file
// is streamed (CSV) or read a row group at a time (Parquet) into the aggregate.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createGunzip } from "node:zlib";
import { MedallionError } from "../errors.js";
import type { CostAggregate, ObjectRecord } from "./aggregate.js";

export interface InventoryManifest {
  sourceBucket: string;
  destinationBucket: string;
  fileFormat: string;
  fileSchema: string;
  creationTimestamp?: string;
  files: { key: string; size?: number }[];
}

/** Reads a whole object or file: `s3://bucket/key` or a local path (a downloaded report). */
export type ReportReader = (location: string) => Promise<Uint8Array>;

export interface InventoryProgress {
  files: number;
  filesDone: number;
  objects: number;
}

export interface InventoryOptions {
  read: ReportReader;
  /** The lake's bucket and prefix: rows outside them are skipped; keys are made relative to the prefix. */
  bucket?: string;
  prefix: string;
  onProgress?: (progress: InventoryProgress) => void;
  /** Stops the scan between data files and between chunks of one (a cancelled cost screen). */
  signal?: AbortSignal;
}

/** `bucket, key, size, …` → normalised names: lower case, no underscores (CSV `LastModifiedDate` = Parquet `last_modified_date`). */
function fieldName(name: string): string {
  return name.trim().toLowerCase().replaceAll("_", "");
}

function bucketOfArn(arnOrName: string): string {
  return arnOrName.startsWith("arn:") ? arnOrName.slice(arnOrName.lastIndexOf(":") + 1) : arnOrName;
}

export function parseManifest(text: string, location: string): InventoryManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new MedallionError("corrupt", `${location}: not an S3 Inventory manifest (not JSON)`);
  }
  const m = raw as Partial<InventoryManifest>;
  if (typeof m !== "object" || m === null || !Array.isArray(m.files) || typeof m.fileFormat !== "string") {
    throw new MedallionError(
      "corrupt",
      `${location}: not an S3 Inventory manifest (expected fileFormat and files[]; give the report's manifest.json)`,
    );
  }
  return {
    sourceBucket: String(m.sourceBucket ?? ""),
    destinationBucket: bucketOfArn(String(m.destinationBucket ?? "")),
    fileFormat: m.fileFormat,
    fileSchema: String(m.fileSchema ?? ""),
    creationTimestamp: m.creationTimestamp,
    files: m.files,
  };
}

/**
 * Where a data file is: in the destination bucket; for a downloaded report, under `data/` next to the
 * manifest's folder or one level up (S3 writes `<config>/<date>/manifest.json` and `<config>/data/…`).
 */
function dataFileLocation(manifestLocation: string, manifest: InventoryManifest, key: string): string {
  if (manifestLocation.startsWith("s3://")) return `s3://${manifest.destinationBucket}/${key}`;
  const name = key.includes("/data/") ? key.slice(key.lastIndexOf("/data/") + 1) : key;
  const here = path.join(path.dirname(manifestLocation), name);
  return existsSync(here) ? here : path.join(path.dirname(manifestLocation), "..", name);
}

/** Splits one CSV line of an Inventory report: every field quoted, `""` inside a field. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = "";
      i += 1;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          value += line.slice(i);
          i = line.length;
          break;
        }
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(value);
      i += 1; // the comma
    } else {
      const comma = line.indexOf(",", i);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return fields;
}

/** CSV keys are URL-encoded (a space may come as `+`). */
function decodeKey(key: string): string {
  try {
    return decodeURIComponent(key.replaceAll("+", " "));
  } catch {
    return key;
  }
}

function toMillis(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number") return value;
  const parsed = Date.parse(String(value ?? ""));
  return Number.isNaN(parsed) ? 0 : parsed;
}

function toBool(value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "boolean") return value;
  return String(value).toLowerCase() === "true";
}

class RowFolder {
  folded = 0;
  constructor(
    private readonly aggregate: CostAggregate,
    private readonly options: InventoryOptions,
  ) {}

  /** Folds one row given by field name; rows of another bucket or outside the lake prefix are skipped. */
  fold(bucket: unknown, key: string, row: (field: string) => unknown): void {
    if (this.options.bucket !== undefined && bucket !== undefined && bucket !== this.options.bucket) return;
    if (!key.startsWith(this.options.prefix)) return;
    const record: ObjectRecord = {
      key: key.slice(this.options.prefix.length),
      size: Number(row("size") ?? 0) || 0,
      lastModified: toMillis(row("lastmodifieddate")),
      storageClass: String(row("storageclass") ?? "") || "STANDARD",
      isLatest: toBool(row("islatest")),
      isDeleteMarker: toBool(row("isdeletemarker")),
      accessTier: String(row("intelligenttieringaccesstier") ?? "") || undefined,
    };
    this.aggregate.add(record);
    this.folded += 1;
  }
}

async function foldCsv(
  bytes: Uint8Array,
  fields: string[],
  folder: RowFolder,
  signal?: AbortSignal,
): Promise<void> {
  const index = new Map(fields.map((f, i) => [fieldName(f), i]));
  const keyAt = index.get("key");
  if (keyAt === undefined) {
    throw new MedallionError("corrupt", `S3 Inventory fileSchema has no Key field: "${fields.join(", ")}"`);
  }
  const bucketAt = index.get("bucket");
  const gunzip = createGunzip();
  gunzip.end(bytes);
  let rest = "";
  const foldLine = (line: string) => {
    if (line === "") return;
    const values = splitCsvLine(line);
    const at = (name: string) => {
      const i = index.get(name);
      return i === undefined ? undefined : values[i];
    };
    folder.fold(bucketAt === undefined ? undefined : values[bucketAt], decodeKey(values[keyAt] ?? ""), at);
  };
  for await (const chunk of gunzip) {
    signal?.throwIfAborted();
    const text = rest + (chunk as Buffer).toString("utf8");
    let start = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
      foldLine(text.slice(start, nl).replace(/\r$/, ""));
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  foldLine(rest);
}

async function foldParquet(bytes: Uint8Array, folder: RowFolder): Promise<void> {
  const { parquetMetadata, parquetReadObjects } = await import("hyparquet");
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(buffer);
  const columns = metadata.schema.slice(1).map((c) => c.name);
  const byField = new Map(columns.map((c) => [fieldName(c), c]));
  const keyColumn = byField.get("key");
  if (keyColumn === undefined) {
    throw new MedallionError(
      "corrupt",
      `S3 Inventory Parquet file has no key column (columns: ${columns.join(", ")})`,
    );
  }
  const wanted = [
    "bucket",
    "key",
    "size",
    "lastmodifieddate",
    "storageclass",
    "islatest",
    "isdeletemarker",
    "intelligenttieringaccesstier",
  ]
    .map((f) => byField.get(f))
    .filter((c): c is string => c !== undefined);
  let rowStart = 0;
  // One row group at a time: the decoded rows of a whole file are never held together.
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    const rows = await parquetReadObjects({ file: buffer, metadata, columns: wanted, rowStart, rowEnd });
    for (const r of rows) {
      const bucketColumn = byField.get("bucket");
      folder.fold(
        bucketColumn === undefined ? undefined : r[bucketColumn],
        String(r[keyColumn] ?? ""),
        (f) => {
          const c = byField.get(f);
          return c === undefined ? undefined : r[c];
        },
      );
    }
    rowStart = rowEnd;
  }
}

/** Folds every row of the report that lies in the lake into `aggregate`; returns the manifest. */
export async function scanInventory(
  manifestLocation: string,
  aggregate: CostAggregate,
  options: InventoryOptions,
): Promise<InventoryManifest> {
  const manifest = parseManifest(
    Buffer.from(await options.read(manifestLocation)).toString("utf8"),
    manifestLocation,
  );
  const format = manifest.fileFormat.toUpperCase();
  if (format === "ORC") {
    throw new MedallionError(
      "not-yet",
      `${manifestLocation}: ORC inventory reports are unsupported; configure the report as CSV or Parquet`,
    );
  }
  if (format !== "CSV" && format !== "PARQUET") {
    throw new MedallionError(
      "corrupt",
      `${manifestLocation}: unknown inventory fileFormat "${manifest.fileFormat}"`,
    );
  }
  if (options.bucket !== undefined && manifest.sourceBucket && manifest.sourceBucket !== options.bucket) {
    throw new MedallionError(
      "usage",
      `${manifestLocation} is an inventory of bucket ${manifest.sourceBucket}, but the lake is in ${options.bucket}`,
    );
  }
  const folder = new RowFolder(aggregate, options);
  const progress: InventoryProgress = { files: manifest.files.length, filesDone: 0, objects: 0 };
  for (const file of manifest.files) {
    options.signal?.throwIfAborted();
    const bytes = await options.read(dataFileLocation(manifestLocation, manifest, file.key));
    options.signal?.throwIfAborted();
    if (format === "CSV") await foldCsv(bytes, manifest.fileSchema.split(","), folder, options.signal);
    else await foldParquet(bytes, folder);
    progress.filesDone += 1;
    progress.objects = folder.folded;
    options.onProgress?.({ ...progress });
  }
  return manifest;
}

/** Reads local paths from disk; s3:// through `readS3` (the lake's S3 connection). */
export function reportReader(readS3: (bucket: string, key: string) => Promise<Uint8Array>): ReportReader {
  return async (location) => {
    if (location.startsWith("s3://")) {
      const rest = location.slice("s3://".length);
      const slash = rest.indexOf("/");
      return readS3(rest.slice(0, slash), rest.slice(slash + 1));
    }
    try {
      return await readFile(location);
    } catch (err) {
      throw new MedallionError("not-found", `cannot read ${location}: ${(err as Error).message}`);
    }
  };
}
