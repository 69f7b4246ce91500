export { type ApplyOptions, applySync } from "./apply.js";
export { type DiffInput, diffPartitions, isInSync } from "./diff.js";
export {
  type Discovered,
  type DiscoverOptions,
  type DiscoverProgress,
  diffScope,
  diffTable,
  discoverTable,
} from "./discover.js";
export { catalogValues, normalizeLocation } from "./keys.js";
export { callsFor, GLUE_BATCH, isEmptyPlan, LOCAL_BATCH, type PlanOptions, planSync } from "./plan.js";
export {
  checkRegistration,
  type Registration,
  type RegistrationCheck,
  registerTable,
  storageKeys,
} from "./register.js";
export {
  byTenant,
  countsText,
  diffRowsTable,
  planItems,
  progressText,
  STATUS,
  STATUS_ORDER,
  statusCell,
  syncStateCell,
  type TenantDiff,
  tableStateCell,
  tenantDiffTable,
} from "./render.js";
export { diffJson, diffLines, planJson, planLine, resultLines } from "./report.js";
export { layersOf, resolveScope, type SyncScope } from "./scope.js";
export { checkScopeFound } from "./scope-found.js";
export { planTables, syncTables } from "./sync-tables.js";
export { catalogTableName, findCatalogTable, tableRef } from "./table-ref.js";
export { type FoundTable, findTables } from "./tables.js";
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
