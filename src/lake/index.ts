export type { EntryKind, EntryStream, LakeEntry } from "./entry.js";
export {
  escapePartitionValue,
  findBadEscape,
  HIVE_DEFAULT_PARTITION,
  partitionSegment,
  unescapePartitionValue,
} from "./escape.js";
export type { Lake } from "./lake.js";
export { openLake } from "./lake.js";
export {
  declaredKeys,
  formatLakePath,
  isHiddenName,
  parseLakePath,
  partitionPrefix,
  partitionValuesOf,
  tablePath,
} from "./lake-path.js";
export { layoutFromConfig } from "./layout.js";
export {
  contentAnomalies,
  sameValueAnomaly,
  sameValueNames,
  valueAnomaly,
} from "./partition-anomalies.js";
export { resolveLocation, rootLocation } from "./resolve.js";
export type { Anomaly, AnomalyKind, LakeLayout, LakePath, PartitionValue } from "./types.js";
export { INCLUDABLE_ANOMALIES } from "./types.js";
