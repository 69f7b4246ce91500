export type { DemoDay } from "./calendar.js";
export { demoDays } from "./calendar.js";
export type { DemoLakeSummary, DemoOptions, DemoProgress, DemoTableSummary } from "./create.js";
export { createDemoLake, ensureDemoLake } from "./create.js";
export type { DemoTable } from "./tables.js";
export { DEMO_TABLES, DEMO_TENANT_TABLES, DEMO_TENANTS } from "./tables.js";
