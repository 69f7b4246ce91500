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
  | "unknown-layer"; // a top-level folder that is not a configured layer

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
