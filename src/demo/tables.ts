/** The tables the demo writes: where, how they are delivered, and the story they tell. */
export interface DemoTable {
  /** Table path under the lake root. */
  path: string;
  /** DuckDB table the rows come from (built by sql.ts). */
  source: string;
  format: "json" | "csv" | "parquet";
  partitionKeys: string[];
  description: string;
  /** SQL over the source's rows: which of them this table holds (a tenant's share); all when unset. */
  where?: string;
}

export const DEMO_TABLES: DemoTable[] = [
  {
    path: "bronze/sales/orders",
    source: "orders",
    format: "json",
    partitionKeys: ["year", "month", "day"],
    description:
      "Shop orders as exported, JSON lines, one folder per day; re-deliveries duplicate orders and coupon_code appears mid-month",
  },
  {
    path: "bronze/sales/customers",
    source: "customers",
    format: "csv",
    partitionKeys: ["year", "month", "day"],
    description: "Customer records changed each day, CSV with a header; emails null or in mixed case",
  },
  {
    path: "bronze/sales/payments",
    source: "payments",
    format: "parquet",
    partitionKeys: ["year", "month"],
    description:
      "Captured payments from the payment provider's Spark job, Parquet (snappy), one folder per month",
  },
];

/** The demo's tenants: each holds its share of the shop's orders of the last 7 days, as a multi-tenant lake. */
export const DEMO_TENANTS = ["acme", "globex"] as const;

/**
 * `bronze/tenant=<id>/sales/orders`: declared by the tenant-less `bronze/sales/orders` entry (keys, format),
 * catalogued as `bronze.<id>_sales_orders`. `medallion --tenant acme` sees acme's alone.
 */
export const DEMO_TENANT_TABLES: DemoTable[] = DEMO_TENANTS.map((tenant, i) => ({
  path: `bronze/tenant=${tenant}/sales/orders`,
  source: "orders",
  format: "json",
  partitionKeys: ["year", "month", "day"],
  description: `${tenant}'s orders: every other order of the last 7 days`,
  where: `seq % ${DEMO_TENANTS.length} = ${i} AND day_idx > (SELECT max(day_idx) FROM days) - 7`,
}));
