export { CostAggregate, type ObjectRecord } from "./aggregate.js";
export { applyPolicy, type PolicyChange, planPolicyChange } from "./apply.js";
export { breakEvenSize, PAYBACK_MONTHS, sizeFilter } from "./break-even.js";
export { type Breakdown, type BreakdownRow, breakdown, tableName } from "./breakdown.js";
export {
  type CostSnapshot,
  HISTORY_PREFIX,
  layerGrowth,
  loadHistory,
  saveSnapshot,
  snapshotOf,
} from "./history.js";
export {
  assertValidPolicy,
  DEFAULT_POLICY,
  fromS3Rule,
  hasPolicy,
  mergeRules,
  type PolicyRule,
  proposedPolicy,
  type S3LifecycleRule,
  toS3Rule,
  validatePolicy,
} from "./lifecycle.js";
export { type ScanProgress, scanListing } from "./listing.js";
export { priceTable } from "./price-table.js";
export { PRICE_TABLES, type PriceTable, STORAGE_CLASSES, type StorageClass } from "./prices.js";
export {
  type BreakdownBy,
  bar,
  growthLine,
  growthLines,
  hiddenCostLines,
  historyTable,
  money,
  policyDocumentLines,
  policyQuestion,
  policyResult,
  type RollupRow,
  rollup,
  rollupTable,
  ruleLine,
  SMALL_FILES_HEADING,
  serviceLines,
  smallFilesTable,
  summaryLines,
  whatIfLines,
  whatIfTable,
} from "./render.js";
export { type CostReport, costReport, lakePolicy, rootPrefixOf } from "./report.js";
export { scanInventory } from "./s3-inventory.js";
export { type CostScan, type CostScanOptions, lakeAdmin, scanCost, scanPrefix } from "./scan.js";
export { ATHENA_MAX_QUERIES, type ServiceCost, serviceCosts } from "./services.js";
export { simulate, simulateOver, steadyMonthly, type WhatIf } from "./whatif.js";
