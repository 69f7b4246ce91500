import { gunzipSync, constants as zlib } from "node:zlib";
import type { Catalog, CatalogTable, Column, TableFormat } from "../catalog/catalog.js";
import { MedallionError } from "../errors.js";
import { isHiddenName, type Lake, unescapePartitionValue } from "../lake/index.js";
import type { ObjectInfo, ObjectStore } from "../storage/object-store.js";
import { fileFormat } from "./file-format.js";
import { csvColumns, jsonColumns } from "./sample-columns.js";
import { findSampleFiles } from "./sample-files.js";
import { tableFindings } from "./table-findings.js";
import { findCatalogTable, tableRef } from "./table-ref.js";
import type { TableRef } from "./types.js";

/** Bytes of a JSON/CSV sample read for its columns. */
const SAMPLE_BYTES = 256 * 1024;

async function sampleText(store: ObjectStore, file: ObjectInfo): Promise<string> {
  const bytes = await store.read(file.key, { start: 0, end: Math.min(file.size, SAMPLE_BYTES) });
  // A cut-short gzip stream still yields what it holds with a sync flush.
  const raw = /\.gz(ip)?$/i.test(file.key) ? gunzipSync(bytes, { finishFlush: zlib.Z_SYNC_FLUSH }) : bytes;
  return new TextDecoder().decode(raw);
}

/** The table's columns from one of its files: the Parquet footer, or a JSON/CSV sample's columns. */
export async function readColumns(
  store: ObjectStore,
  file: ObjectInfo,
): Promise<{ format: TableFormat; columns: Column[] }> {
  const format = fileFormat(file.key);
  try {
    if (format === "parquet") {
      const { openParquet } = await import("../parquet/index.js");
      const { hiveColumns } = await import("./hive-types.js");
      const parquet = await openParquet(store, file.key, file.size);
      return { format, columns: hiveColumns(parquet.schema) };
    }
    if (format === "json") return { format, columns: jsonColumns(await sampleText(store, file)) };
    if (format === "csv") return { format, columns: csvColumns(await sampleText(store, file)) };
  } catch (err) {
    if (err instanceof MedallionError && err.code === "corrupt" && !err.message.startsWith(file.key)) {
      throw new MedallionError("corrupt", `${file.key}: ${err.message}`);
    }
    throw err;
  }
  throw new MedallionError(
    "usage",
    `${file.key}: not a Parquet, JSON or CSV file, cannot read columns from it`,
  );
}

export interface Registration {
  table: CatalogTable;
  /** True when the table was created, false when an existing one was updated. */
  created: boolean;
  /** The file the columns were first read from: one of the oldest partition. */
  sample: string;
  /** Every file read: the oldest partition's, then the newest's when it is another file. */
  samples: string[];
}

/** Columns of both samples: the oldest's in order, then those only the newest has (added since). */
function unionColumns(oldest: Column[], newest: Column[]): Column[] {
  const seen = new Set(oldest.map((c) => c.name));
  return [...oldest, ...newest.filter((c) => !seen.has(c.name))];
}

/**
 * Creates or updates the table in the catalog from its files: columns from the Parquet footer (or a
 * JSON/CSV sample's) of the oldest and the newest valid partition, so columns added since the table
 * began are registered too; partition keys as strings; the layer's database created when missing.
 */
export async function registerTable(
  store: ObjectStore,
  catalog: Catalog,
  ref: TableRef,
): Promise<Registration> {
  const found = await findSampleFiles(store, ref);
  if (!found) {
    throw new MedallionError(
      "not-found",
      `${ref.path} holds no Parquet, JSON or CSV file to read its columns from: land data first`,
    );
  }
  const sample = found.oldest;
  const { format, columns: oldest } = await readColumns(store, sample);
  const samples = found.newest.key === sample.key ? [sample.key] : [sample.key, found.newest.key];
  const newest = samples.length > 1 ? (await readColumns(store, found.newest)).columns : [];
  const columns = unionColumns(oldest, newest);
  const keys = new Set(ref.partitionKeys.map((k) => k.toLowerCase()));
  const table: CatalogTable = {
    database: ref.database,
    name: ref.name,
    location: `${ref.location}/`,
    format: ref.format === format ? ref.format : format,
    // Hive refuses a column that is also a partition key.
    columns: columns.filter((c) => !keys.has(c.name)),
    partitionKeys: ref.partitionKeys.map((name) => ({ name: name.toLowerCase(), type: "string" })),
    description: `${ref.path} (registered by Medallion from ${samples.map((k) => k.slice(ref.path.length + 1)).join(" and ")})`,
  };
  const existing = await catalog.getTable(ref.database, ref.name);
  await catalog.ensureDatabase(ref.database);
  await catalog.putTable(table);
  return { table, created: existing === undefined, sample: sample.key, samples };
}

/** Partition keys as storage holds them: the key=value folders above one of the table's data files. */
export async function storageKeys(store: ObjectStore, ref: TableRef): Promise<string[] | undefined> {
  const found = await findSampleFiles(store, { ...ref, partitionKeys: [] });
  if (!found) return undefined;
  const keys: string[] = [];
  for (const segment of found.oldest.key
    .slice(ref.path.length + 1)
    .split("/")
    .slice(0, -1)) {
    if (!segment.includes("=") || isHiddenName(segment)) break;
    keys.push(unescapePartitionValue(segment.slice(0, segment.indexOf("="))) ?? "");
  }
  return keys;
}

/** What registering a table would do to the catalog's table, checked before anything is written. */
export interface RegistrationCheck {
  /** The table to register: keys declared in the config, else those storage holds. */
  ref: TableRef;
  existing?: CatalogTable;
  /** The registered keys, when they differ from the lake's. */
  keysDiffer?: { catalog: string[]; lake: string[] };
  /** Partitions the catalog holds for the table (counted only when its keys differ or it is replaced). */
  partitions: number;
}

export async function checkRegistration(
  lake: Lake,
  catalog: Catalog,
  path: string,
  replace: boolean,
): Promise<RegistrationCheck> {
  const existing = await findCatalogTable(lake, catalog, path);
  const registered = tableRef(lake, path, existing);
  // Storage before the catalog: keys registered wrongly must not be registered again.
  const keys =
    lake.partitionKeys(registered.path) ??
    (await storageKeys(lake.store, registered)) ??
    registered.partitionKeys;
  const ref = { ...registered, partitionKeys: keys };
  const { keysDiffer } = tableFindings(ref, existing);
  let partitions = 0;
  if (existing && (keysDiffer || replace)) {
    for await (const page of catalog.listPartitions(existing.database, existing.name))
      partitions += page.length;
  }
  return { ref, ...(existing ? { existing } : {}), ...(keysDiffer ? { keysDiffer } : {}), partitions };
}
