import type { Catalog, CatalogPartition, CatalogTable } from "../catalog/catalog.js";
import { type Lake, partitionValuesOf } from "../lake/index.js";
import { diffPartitions } from "./diff.js";
import { fileFormat } from "./file-format.js";
import { findSampleFiles } from "./sample-files.js";
import { layersOf, type SyncScope } from "./scope.js";
import { flagSameValues, keysAnomaly, storagePartitions, tableHasData } from "./storage-side.js";
import { tableRef } from "./table-ref.js";
import { findTables } from "./tables.js";
import type { PartitionDiff, StoragePartition, TableRef } from "./types.js";

export interface DiscoverProgress {
  /** The table being read. */
  table: string;
  /** Partitions found so far in storage and in the catalog. */
  storage: number;
  catalog: number;
}

export interface DiscoverOptions {
  /** Listings in flight at once in storage. */
  concurrency?: number;
  onProgress?: (progress: DiscoverProgress) => void;
  /** Stops the walk and the catalog read (the UI leaving the screen). */
  signal?: AbortSignal;
}

/** Both sides of one table, read concurrently: storage folders (streamed) and catalog partitions. */
export interface Discovered {
  table: TableRef;
  catalogTable?: CatalogTable;
  storage: StoragePartition[];
  catalog: CatalogPartition[];
  hasData: boolean;
}

/** The partition keys of a folder name below the table: `year=2024/month=01` → year, month. */
function keysOf(name: string): string[] {
  return partitionValuesOf(name).map((v) => v.key);
}

/** Partition keys of a table the config does not declare: those of its first well-formed folder. */
function keysSeen(storage: readonly StoragePartition[]): string[] {
  const first = storage.find((p) => p.anomalies.length === 0 && p.values.length > 0);
  return first ? keysOf(first.name) : [];
}

/** Flags the folders of an undeclared table whose keys are not those seen first (declared ones are flagged by the walk). */
function flagOtherKeys(storage: readonly StoragePartition[], ref: TableRef): void {
  for (const p of storage) {
    if (p.anomalies.length > 0 || p.values.length === 0) continue;
    const odd = keysAnomaly(ref, keysOf(p.name), p.name);
    if (odd) p.anomalies.push(odd);
  }
}

export async function discoverTable(
  lake: Lake,
  catalog: Catalog,
  path: string,
  options: DiscoverOptions = {},
  known?: { catalogTable?: CatalogTable },
): Promise<Discovered> {
  const first = tableRef(lake, path);
  const catalogTable = known ? known.catalogTable : await catalog.getTable(first.database, first.name);
  const ref = tableRef(lake, path, catalogTable);
  // Storage is read for what it holds: the walk takes declared keys only, never the catalog's, so keys
  // registered wrongly show up as a difference instead of shaping the walk.
  const declared = lake.partitionKeys(ref.path);
  const walked = { ...ref, partitionKeys: declared ?? [] };
  const progress = { table: ref.path, storage: 0, catalog: 0 };
  const readStorage = async () => {
    const found: StoragePartition[] = [];
    for await (const batch of storagePartitions(lake.store, lake.layout, walked, {
      concurrency: options.concurrency,
    })) {
      for (const p of batch) found.push(p);
      progress.storage = found.length;
      options.onProgress?.({ ...progress });
    }
    return found;
  };
  const readCatalog = async () => {
    const found: CatalogPartition[] = [];
    if (!catalogTable) return found;
    for await (const page of catalog.listPartitions(ref.database, ref.name)) {
      options.signal?.throwIfAborted();
      for (const p of page) found.push(p);
      progress.catalog = found.length;
      options.onProgress?.({ ...progress });
    }
    return found;
  };
  const [storage, registered] = await Promise.all([readStorage(), readCatalog()]);
  const hasData =
    storage.some((p) => p.objects > 0) || (storage.length === 0 && (await tableHasData(lake.store, ref)));
  const configured = lake.tableConfig(ref.path) !== undefined;
  const seenKeys = declared ? [] : keysSeen(storage);
  const keys = declared ?? (seenKeys.length > 0 ? seenKeys : ref.partitionKeys);
  if (!declared && seenKeys.length > 0) flagOtherKeys(storage, { ...ref, partitionKeys: keys });
  flagSameValues(storage, ref);
  const sample =
    configured || catalogTable || !hasData
      ? undefined
      : (await findSampleFiles(lake.store, { ...ref, partitionKeys: keys }))?.oldest;
  const seen = sample ? fileFormat(sample.key) : undefined;
  const table = { ...ref, format: seen ?? ref.format, partitionKeys: keys };
  return { table, catalogTable, storage, catalog: registered, hasData };
}

/** Discovers one table and classifies its partitions. */
export async function diffTable(
  lake: Lake,
  catalog: Catalog,
  path: string,
  options: DiscoverOptions = {},
  known?: { catalogTable?: CatalogTable },
): Promise<PartitionDiff> {
  return diffPartitions(await discoverTable(lake, catalog, path, options, known));
}

/** Tables diffed at once in a layer- or lake-wide diff. */
const TABLES_AT_ONCE = 4;

/** Diffs of every table in a scope: one table, a layer, or the lake (config, storage and catalog tables). */
export async function diffScope(
  lake: Lake,
  catalog: Catalog,
  scope: SyncScope,
  options: DiscoverOptions & { onTable?: (diff: PartitionDiff) => void } = {},
): Promise<PartitionDiff[]> {
  if (scope.kind === "table") {
    const diff = await diffTable(lake, catalog, scope.path, options);
    options.onTable?.(diff);
    return [diff];
  }
  const tables = await findTables(lake, catalog, layersOf(lake, scope));
  const diffs = new Array<PartitionDiff>(tables.length);
  let next = 0;
  const worker = async () => {
    while (next < tables.length) {
      const index = next++;
      const found = tables[index] as (typeof tables)[number];
      const known = found.catalogTable ? { catalogTable: found.catalogTable } : undefined;
      const diff = await diffTable(lake, catalog, found.path, options, known);
      diffs[index] = diff;
      options.onTable?.(diff);
    }
  };
  await Promise.all(Array.from({ length: Math.min(TABLES_AT_ONCE, tables.length) }, worker));
  return diffs;
}
