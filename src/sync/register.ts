import { gunzipSync, constants as zlib } from "node:zlib";
import type { Catalog, CatalogTable, Column, TableFormat } from "../catalog/catalog.js";
import { MedallionError } from "../errors.js";
import { isHiddenName } from "../lake/index.js";
import type { ObjectInfo, ObjectStore } from "../storage/object-store.js";
import { fileFormat } from "./file-format.js";
import { csvColumns, jsonColumns } from "./sample-columns.js";
import type { TableRef } from "./types.js";

/** Bytes of a JSON/CSV sample read for its columns. */
const SAMPLE_BYTES = 256 * 1024;

/** The first data file of the table's format under its folder (hidden files and folders skipped). */
export async function findSampleFile(store: ObjectStore, ref: TableRef): Promise<ObjectInfo | undefined> {
  let other: ObjectInfo | undefined;
  for await (const page of store.list(`${ref.path}/`)) {
    for (const object of page.objects) {
      const below = object.key.slice(ref.path.length + 1).split("/");
      if (below.some(isHiddenName)) continue;
      const format = fileFormat(object.key);
      if (format === ref.format) return object;
      if (format !== undefined) other ??= object;
    }
    // Another format is as good a sample as any once a page had no file of the expected one.
    if (other) return other;
  }
  return undefined;
}

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
  /** The file the columns were read from. */
  sample: string;
}

/**
 * Creates or updates the table in the catalog from one of its files: columns from the Parquet footer
 * (or a JSON/CSV sample's), partition keys as strings, the layer's database created when missing.
 */
export async function registerTable(
  store: ObjectStore,
  catalog: Catalog,
  ref: TableRef,
): Promise<Registration> {
  const sample = await findSampleFile(store, ref);
  if (!sample) {
    throw new MedallionError(
      "not-found",
      `${ref.path} holds no Parquet, JSON or CSV file to read its columns from: land data first`,
    );
  }
  const { format, columns } = await readColumns(store, sample);
  const keys = new Set(ref.partitionKeys.map((k) => k.toLowerCase()));
  const table: CatalogTable = {
    database: ref.database,
    name: ref.name,
    location: `${ref.location}/`,
    format: ref.format === format ? ref.format : format,
    // Hive refuses a column that is also a partition key.
    columns: columns.filter((c) => !keys.has(c.name)),
    partitionKeys: ref.partitionKeys.map((name) => ({ name: name.toLowerCase(), type: "string" })),
    description: `${ref.path} (registered by Medallion from ${sample.key.slice(ref.path.length + 1)})`,
  };
  const existing = await catalog.getTable(ref.database, ref.name);
  await catalog.ensureDatabase(ref.database);
  await catalog.putTable(table);
  return { table, created: existing === undefined, sample: sample.key };
}
