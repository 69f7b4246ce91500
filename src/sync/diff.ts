import type { CatalogPartition, CatalogTable } from "../catalog/catalog.js";
import { partitionSegment } from "../lake/index.js";
import { catalogDrift, storageDrift } from "./drift.js";
import { catalogValues, isInside, normalizeLocation, partitionKey, sameLocation } from "./keys.js";
import { formatDiffersLine, keysDifferLine, tableFindings } from "./table-findings.js";
import {
  PARTITION_STATUSES,
  type PartitionDiff,
  type PartitionDiffEntry,
  type PartitionStatus,
  type StoragePartition,
  type TableRef,
} from "./types.js";

export interface DiffInput {
  table: TableRef;
  storage: readonly StoragePartition[];
  catalog: readonly CatalogPartition[];
  /** The catalog's table; undefined when it is not registered. */
  catalogTable?: CatalogTable;
  /** Storage holds files for the table (set by discovery; an unpartitioned table has no partitions). */
  hasData?: boolean;
}

function anomalyReason(partition: StoragePartition): string {
  const [first] = partition.anomalies;
  const more = partition.anomalies.length > 1 ? ` (+${partition.anomalies.length - 1} more)` : "";
  return `${first?.message ?? "does not fit the lake model"}${more}; never synced`;
}

/** A catalog-only partition's name: its folder below the table when it lies there, else key=value levels. */
function catalogName(home: string | undefined, partition: CatalogPartition, keys: readonly string[]): string {
  if (home !== undefined) {
    return normalizeLocation(partition.location).slice(normalizeLocation(home).length + 1);
  }
  return partition.values.map((v, i) => partitionSegment(keys[i] ?? `key${i}`, v)).join("/");
}

/**
 * The table folder a catalog partition lies in: the table's, or the one the catalog registered it at
 * (a local lake moved or copied since keeps its old locations until sync re-points them).
 */
function homeOf(
  partition: CatalogPartition,
  table: TableRef,
  catalogTable?: CatalogTable,
): string | undefined {
  if (isInside(partition.location, table.location)) return table.location;
  if (catalogTable && isInside(partition.location, catalogTable.location)) return catalogTable.location;
  return undefined;
}

function tableIssues(input: DiffInput, hasData: boolean): string[] {
  const { table, catalogTable } = input;
  if (!catalogTable) {
    return hasData ? [`not registered in the catalog as ${table.database}.${table.name}`] : [];
  }
  const issues: string[] = [];
  const found = tableFindings(table, catalogTable);
  if (found.keysDiffer) issues.push(keysDifferLine(table, found.keysDiffer));
  if (found.formatDiffers) issues.push(formatDiffersLine(table, found.formatDiffers));
  if (found.movedFrom) issues.push(`registered at ${found.movedFrom}, the table lives at ${table.location}`);
  if (!hasData) issues.push("no data in storage: every registered partition is stale");
  return issues;
}

/**
 * Classifies every partition of one table, matching storage folders to catalog partitions by their
 * unescaped values (folders hold Hive-escaped names, Glue holds raw values). Pure: no I/O.
 */
export function diffPartitions(input: DiffInput): PartitionDiff {
  const { table, catalogTable } = input;
  const format = catalogTable?.format ?? table.format;
  const keys = catalogTable?.partitionKeys.map((k) => k.name) ?? table.partitionKeys;
  // Catalog partitions by key, as indexes; `matched` marks those storage has (no Map deletes).
  const registered = new Map<string, number>();
  const matched = new Uint8Array(input.catalog.length);
  for (const [i, partition] of input.catalog.entries()) registered.set(partitionKey(partition.values), i);

  const entries: PartitionDiffEntry[] = [];
  // One fixed object shape per entry (no spreads): this loop runs 100,000 times for a large table.
  const push = (
    status: PartitionStatus,
    name: string,
    values: string[],
    storage: StoragePartition | undefined,
    catalog: CatalogPartition | undefined,
    reason: string,
  ) => entries.push({ status, name, values, storage, catalog, reason });
  let hasData = input.hasData ?? false;

  for (const storage of input.storage) {
    const values = catalogValues(storage.values);
    const key = partitionKey(values);
    const index = registered.get(key);
    const catalog = index === undefined ? undefined : input.catalog[index];
    if (index !== undefined) matched[index] = 1;
    const { name } = storage;
    // A folder with no data file (empty, or only _SUCCESS, .crc, _temporary/, 0-byte files) is no partition.
    const noData = storage.anomalies.find((a) => a.kind === "no-data");
    if (storage.objects > 0 && !noData) hasData = true;
    if (catalog && (storage.objects === 0 || noData)) {
      // Stale when registered, however the folder came to hold no data.
      push("drop", name, values, storage, catalog, noData?.message ?? "its folder in storage is empty");
    } else if (storage.anomalies.length > 0) {
      push("anomaly", name, values, storage, catalog, anomalyReason(storage));
    } else if (storage.objects === 0) {
      // An empty folder, not registered: nothing to do.
    } else if (!catalog) {
      const drift = storageDrift(storage, format);
      if (drift) push("drift", name, values, storage, catalog, `${drift}; not added`);
      else push("add", name, values, storage, catalog, "in storage, not in the catalog");
    } else if (!sameLocation(catalog.location, storage.location)) {
      push("update", name, values, storage, catalog, `the catalog points at ${catalog.location}`);
    } else {
      const drift = catalogDrift(catalog, catalogTable, format) || storageDrift(storage, format);
      push(drift ? "drift" : "in-sync", name, values, storage, catalog, drift);
    }
  }

  for (const [i, catalog] of input.catalog.entries()) {
    if (matched[i] === 1) continue;
    const home = homeOf(catalog, table, catalogTable);
    const name = catalogName(home, catalog, keys);
    if (home !== undefined) {
      push("drop", name, catalog.values, undefined, catalog, "in the catalog, no folder in storage");
    } else {
      // Registered somewhere outside the table's folder: not ours to judge stale, so only reported.
      const reason = `registered outside the table, at ${catalog.location}; left alone`;
      push("drift", name, catalog.values, undefined, catalog, reason);
    }
  }

  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const counts = Object.fromEntries(PARTITION_STATUSES.map((s) => [s, 0])) as Record<PartitionStatus, number>;
  for (const entry of entries) counts[entry.status]++;
  return {
    table,
    catalogTable,
    entries,
    counts,
    inStorage: hasData,
    tableIssues: tableIssues(input, hasData),
  };
}

/** True when nothing differs: every partition in sync and no table-level finding. */
export function isInSync(diff: PartitionDiff): boolean {
  return diff.tableIssues.length === 0 && diff.entries.every((e) => e.status === "in-sync");
}
