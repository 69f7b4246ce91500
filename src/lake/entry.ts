import type { Anomaly, PartitionValue } from "./types.js";

export type EntryKind = "layer" | "tenant" | "domain" | "table" | "partition" | "folder" | "file";

/**
 * One row of the lake at some level: a layer, domain, table, partition (deepest key=value level of a
 * table) or file, with what lies beneath it. The same rows feed `medallion ls` and the browser.
 */
export interface LakeEntry {
  kind: EntryKind;
  /** What to show: `bronze`, `orders`, `year=2024/month=01/day=15`, `part-00000.json`. */
  name: string;
  /** Lake path of the entry (no trailing slash): `bronze/sales/orders/year=2024/month=01/day=15`. */
  path: string;
  /** For partitions: the key=value levels, unescaped. */
  partition?: PartitionValue[];
  /** Objects beneath (1 for a file). */
  objects: number;
  bytes: number;
  /** Bytes by storage class (STANDARD, STANDARD_IA, GLACIER, …). */
  storageClasses: Record<string, number>;
  lastModified?: Date;
  /** What does not fit the lake model here; shown in the row, never hidden. */
  anomalies: Anomaly[];
}

/**
 * A listing in progress: each batch holds entries that are new or whose totals changed; an entry
 * with the same path replaces the earlier one. The listing is complete when the iterable ends.
 */
export type EntryStream = AsyncIterable<LakeEntry[]>;
