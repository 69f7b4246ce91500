export { CostAggregate, type ObjectRecord } from "./aggregate.js";
export { type Breakdown, type BreakdownRow, breakdown, tableName } from "./breakdown.js";
export { type ScanProgress, scanListing } from "./listing.js";
export { priceTable } from "./price-table.js";
export { PRICE_TABLES, type PriceTable, STORAGE_CLASSES, type StorageClass } from "./prices.js";
export {
  type BreakdownBy,
  bar,
  hiddenCostLines,
  money,
  rollup,
  rollupTable,
  smallFilesTable,
  summaryLines,
} from "./render.js";
export { scanInventory } from "./s3-inventory.js";
export { type CostScan, type CostScanOptions, lakeAdmin, scanCost, scanPrefix } from "./scan.js";
