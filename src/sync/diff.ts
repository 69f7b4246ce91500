import type { CatalogPartition, CatalogTable } from "../catalog/catalog.js";
import { partitionSegment } from "../lake/index.js";
import { catalogDrift, storageDrift } from "./drift.js";
import { catalogValues, isInside, normalizeLocation, partitionKey } from "./keys.js";
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
function catalogName(table: TableRef, partition: CatalogPartition, keys: readonly string[]): string {
  if (isInside(partition.location, table.location)) {
    return normalizeLocation(partition.location).slice(normalizeLocation(table.location).length + 1);
  }
  return partition.values.map((v, i) => partitionSegment(keys[i] ?? `key${i}`, v)).join("/");
}

function tableIssues(input: DiffInput, hasData: boolean): string[] {
  const { table, catalogTable } = input;
  if (!catalogTable) {
    return hasData ? [`not registered in the catalog as ${table.database}.${table.name}`] : [];
  }
  const issues: string[] = [];
  const catalogKeys = catalogTable.partitionKeys.map((k) => k.name.toLowerCase());
  const lakeKeys = table.partitionKeys.map((k) => k.toLowerCase());
  if (lakeKeys.length > 0 && catalogKeys.join(",") !== lakeKeys.join(",")) {
    issues.push(`partition keys differ: catalog (${catalogKeys.join(", ")}), lake (${lakeKeys.join(", ")})`);
  }
  if (catalogTable.format !== table.format) {
    issues.push(`registered as ${catalogTable.format}, the config says ${table.format}`);
  }
  if (normalizeLocation(catalogTable.location) !== normalizeLocation(table.location)) {
    issues.push(`registered at ${catalogTable.location}, the table lives at ${table.location}`);
  }
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
  const registered = new Map<string, CatalogPartition>();
  for (const partition of input.catalog) registered.set(partitionKey(partition.values), partition);

  const entries: PartitionDiffEntry[] = [];
  const push = (status: PartitionStatus, entry: Omit<PartitionDiffEntry, "status">) =>
    entries.push({ status, ...entry });
  let hasData = input.hasData ?? false;

  for (const storage of input.storage) {
    const values = catalogValues(storage.values);
    const key = partitionKey(values);
    const catalog = registered.get(key);
    if (catalog) registered.delete(key);
    const base = { name: storage.name, values, storage, catalog };
    if (storage.objects > 0) hasData = true;
    if (storage.anomalies.length > 0) {
      push("anomaly", { ...base, reason: anomalyReason(storage) });
    } else if (storage.objects === 0) {
      // An empty folder: stale when registered, nothing to do otherwise.
      if (catalog) push("drop", { ...base, reason: "its folder in storage is empty" });
    } else if (!catalog) {
      const drift = storageDrift(storage, format);
      if (drift) push("drift", { ...base, reason: `${drift}; not added` });
      else push("add", { ...base, reason: "in storage, not in the catalog" });
    } else if (normalizeLocation(catalog.location) !== normalizeLocation(storage.location)) {
      push("update", { ...base, reason: `the catalog points at ${catalog.location}` });
    } else {
      const drift = catalogDrift(catalog, catalogTable, format) || storageDrift(storage, format);
      push(drift ? "drift" : "in-sync", { ...base, reason: drift });
    }
  }

  for (const catalog of registered.values()) {
    const base = { name: catalogName(table, catalog, keys), values: catalog.values, catalog };
    if (isInside(catalog.location, table.location)) {
      push("drop", { ...base, reason: "in the catalog, no folder in storage" });
    } else {
      // Registered somewhere outside the table's folder: not ours to judge stale, so only reported.
      push("drift", { ...base, reason: `registered outside the table, at ${catalog.location}; left alone` });
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
