/** The tables the demo writes: where, how they are delivered, and the story they tell. */
export interface DemoTable {
  /** Table path under the lake root. */
  path: string;
  /** DuckDB table the rows come from (built by sql.ts). */
  source: string;
  format: "json" | "csv" | "parquet";
  partitionKeys: string[];
  description: string;
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
