/** One `key=value` level of a partition; `value` is unescaped, null for __HIVE_DEFAULT_PARTITION__. */
export interface PartitionValue {
  key: string;
  value: string | null;
}

/** What does not fit the lake model. Reported and flagged, never thrown and never synced. */
export type AnomalyKind =
  | "folder-without-equals" // a folder among partitions that is not key=value
  | "keys-out-of-order" // year=…/day=…/month=…
  | "unknown-key" // a key the table does not declare
  | "empty-value" // key= with nothing after it
  | "bad-escape" // a % not followed by two hex digits
  | "stray-file" // a file next to partition folders, not inside the deepest one
  | "unknown-layer" // a top-level folder that is not a configured layer
  | "null-partition" // key=__HIVE_DEFAULT_PARTITION__: the value is null
  | "bad-value" // a value with stray whitespace, or a date part out of range (month=13)
  | "same-value" // day=1 beside day=01: one value in two partitions
  | "no-data" // a partition with no data file: empty, only _SUCCESS / .crc / _temporary/ / 0-byte files
  | "empty-file" // a 0-byte Parquet file among the data (Athena fails on it)
  | "too-deep"; // a key=value folder below the partition level (day=07/hour=01/)

/**
 * Anomalies of a partition whose folder still names a well-formed partition: the user may have it synced
 * anyway (`sync --include-anomalies`). Every other kind cannot be registered under the table's keys.
 */
export const INCLUDABLE_ANOMALIES: ReadonlySet<AnomalyKind> = new Set<AnomalyKind>([
  "null-partition",
  "bad-value",
  "same-value",
  "no-data",
  "empty-file",
  "too-deep",
]);

export interface Anomaly {
  kind: AnomalyKind;
  /** The path segment that is wrong, as stored. */
  segment: string;
  /** One line a user can act on. */
  message: string;
}

/** A key under the lake root, split into the lake's own words. Missing parts are undefined. */
export interface LakePath {
  layer?: string;
  tenant?: string;
  domain?: string;
  table?: string;
  partition: PartitionValue[];
  /** File name, when the path names an object. */
  file?: string;
  anomalies: Anomaly[];
}

/** What the model needs to know of a lake to parse its paths. */
export interface LakeLayout {
  /** Layer folder names, in order bronze, silver, gold. */
  layers: string[];
  /** Declared partition keys by table path (`bronze/sales/orders`); undeclared tables accept any key=value. */
  partitionKeys: Record<string, string[]>;
}
