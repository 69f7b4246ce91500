export { type ApplyOptions, applySync } from "./apply.js";
export { type DiffInput, diffPartitions, isInSync } from "./diff.js";
export { catalogValues, normalizeLocation } from "./keys.js";
export { callsFor, GLUE_BATCH, isEmptyPlan, type PlanOptions, planSync } from "./plan.js";
export type {
  PartitionDiff,
  PartitionDiffEntry,
  PartitionStatus,
  StoragePartition,
  SyncFailure,
  SyncPhase,
  SyncPlan,
  SyncProgress,
  SyncResult,
  TableRef,
} from "./types.js";
export { PARTITION_STATUSES } from "./types.js";
