import type { CatalogPartition, CatalogTable, PartitionFailure, TableFormat } from "../catalog/catalog.js";
import type { Anomaly } from "../lake/types.js";

/** A lake table as sync sees it: where it lives, and the Glue database/table that catalogues it. */
export interface TableRef {
  /** Lake path: `bronze/sales/orders` or `bronze/tenant=acme/sales/orders`. */
  path: string;
  layer: string;
  tenant?: string;
  domain: string;
  table: string;
  /** Declared partition keys in folder order (from the config, else from the catalog or storage). */
  partitionKeys: string[];
  /** Format from the config (bronze: as delivered; silver/gold: parquet). */
  format: TableFormat;
  database: string;
  /** Catalog table name: `<domain>_<table>`, `<tenant>_<domain>_<table>` with a tenant. */
  name: string;
  /** Full location of the table folder (s3://… or an absolute folder), no trailing slash. */
  location: string;
}

/** A partition folder found in storage. */
export interface StoragePartition {
  /** Values in key order, unescaped; null for `__HIVE_DEFAULT_PARTITION__`. */
  values: (string | null)[];
  /** The folder path below the table, as stored (escaped): `year=2024/month=01`. */
  name: string;
  /** Full location of the folder (s3://… or an absolute folder). */
  location: string;
  objects: number;
  bytes: number;
  /** File formats seen among its files (by extension). */
  formats: TableFormat[];
  anomalies: Anomaly[];
}

/**
 * How one partition stands between storage and catalog:
 * - `in-sync`: both sides agree;
 * - `add`: in storage only;
 * - `drop`: in the catalog only, or its folder is empty (stale);
 * - `update`: both sides, but the catalog's location differs;
 * - `drift`: both sides, but its format or schema differs from the table's (reported, never synced);
 * - `anomaly`: the folder does not fit the lake model (reported, never synced).
 */
export type PartitionStatus = "in-sync" | "add" | "drop" | "update" | "drift" | "anomaly";

export const PARTITION_STATUSES: readonly PartitionStatus[] = [
  "in-sync",
  "add",
  "drop",
  "update",
  "drift",
  "anomaly",
];

export interface PartitionDiffEntry {
  status: PartitionStatus;
  /** The partition as a path below the table: `year=2024/month=01`. */
  name: string;
  /** Values as the catalog holds them (`__HIVE_DEFAULT_PARTITION__` for null). */
  values: string[];
  storage?: StoragePartition;
  catalog?: CatalogPartition;
  /** Why it is not in sync, in one line; empty when in sync. */
  reason: string;
}

/** The diff of one table: every partition classified, counts by class, table-level findings. */
export interface PartitionDiff {
  table: TableRef;
  /** The catalog table, undefined when it is not registered. */
  catalogTable?: CatalogTable;
  entries: PartitionDiffEntry[];
  counts: Record<PartitionStatus, number>;
  /** Storage holds files for the table. */
  inStorage: boolean;
  /** Table-level findings: not registered, keys or format differ, … (one line each). */
  tableIssues: string[];
}

/** What a sync will do to one table. Storage is never touched. */
export interface SyncPlan {
  table: TableRef;
  /** Register (create) the table first, because the catalog does not have it. */
  registerTable: boolean;
  /** The catalog's table re-pointed at where the table lives now (a local lake moved or copied). */
  relocateTable?: CatalogTable;
  /** Table findings this plan leaves, each saying why and which command fixes it. */
  cannotFix: string[];
  adds: CatalogPartition[];
  updates: CatalogPartition[];
  /** Values of stale partitions to drop; empty unless dropping was asked for. */
  drops: string[][];
  /** Stale partitions left alone because dropping was not asked for. */
  staleKept: number;
  /** Partitions reported but never synced (drift and anomalies). */
  reportedOnly: number;
  /** Of those, anomalies `--include-anomalies` would register (their folder names a partition of the table). */
  includable: number;
  /** Catalog calls the plan needs: batches for Glue, one per operation for the local catalog. */
  calls: number;
}

export type SyncPhase = "register" | "add" | "update" | "drop";

export interface SyncProgress {
  phase: SyncPhase;
  /** Partitions done across the whole plan. */
  done: number;
  total: number;
}

export interface SyncFailure extends PartitionFailure {
  phase: SyncPhase;
}

export interface SyncResult {
  table: TableRef;
  registered: boolean;
  /** The table was re-pointed at its folder. */
  relocated: boolean;
  /** Partitions this run added. */
  added: number;
  /** Planned adds another run had added meanwhile (AlreadyExists): not changed by this run. */
  alreadyThere: number;
  updated: number;
  /** Partitions this run dropped. */
  dropped: number;
  /** Planned drops another run had dropped meanwhile: not changed by this run. */
  alreadyGone: number;
  failed: SyncFailure[];
  /** Catalog calls made, by API operation name. */
  calls: Record<string, number>;
}
