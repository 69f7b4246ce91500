/**
 * The demo's silver and gold tables: the specs `medallion demo` writes into medallion.yaml, each
 * catching some of the bronze feeds' planted dirt (re-delivered orders, malformed created_at,
 * null and mixed-case emails, uncaptured payments).
 */
export const DEMO_PIPELINE_YAML = `  silver/sales/orders:
    partitionKeys: [year, month, day]
    description: "Orders, typed and deduplicated (latest updated_at per order_id), by order day"
    silver:
      from: bronze/sales/orders
      partitionFrom: created_at
      columns:
        - { name: order_id, type: string, nullable: false }
        - { name: customer_id, type: bigint, nullable: false }
        - { name: customer_email, type: string, sql: "lower(trim(customer_email))" }
        - { name: status, type: string, nullable: false }
        - { name: channel, type: string }
        - { name: items, type: int }
        - { name: amount, type: "decimal(10,2)", nullable: false }
        - { name: currency, type: string }
        - { name: coupon_code, type: string }
        - { name: created_at, type: timestamp, nullable: false }
        - { name: updated_at, type: timestamp }
      rules:
        - { name: known_status, check: "status IN ('placed', 'paid', 'shipped', 'delivered', 'cancelled')" }
        - { name: positive_amount, check: "amount > 0" }
      dedupe: { keys: [order_id], latest: updated_at }
  silver/sales/customers:
    partitionKeys: [year, month, day]
    description: "Customer changes, typed, emails lowercased, by day of change"
    silver:
      from: bronze/sales/customers
      partitionFrom: updated_at
      columns:
        - { name: customer_id, type: bigint, nullable: false }
        - { name: first_name, type: string }
        - { name: last_name, type: string }
        - { name: email, type: string, nullable: false, sql: "lower(trim(email))" }
        - { name: country, type: string, sql: "NULLIF(upper(trim(country)), '')" }
        - { name: signup_date, type: date }
        - { name: updated_at, type: timestamp, nullable: false }
      dedupe: { keys: [customer_id], latest: updated_at }
  silver/sales/payments:
    partitionKeys: [year, month]
    description: "Captured payments with their method flattened, by month paid"
    silver:
      from: bronze/sales/payments
      partitionFrom: paid_at
      columns:
        - { name: payment_id, type: string, nullable: false }
        - { name: order_id, type: string, nullable: false }
        - { name: amount, type: "decimal(12,2)", nullable: false }
        - { name: currency, type: string }
        - { name: paid_at, type: timestamp, nullable: false }
        - { name: method_kind, type: string, sql: "method.kind" }
        - { name: card_brand, type: string, sql: "method.brand" }
        - { name: captured, type: boolean }
        - { name: fee, type: "decimal(10,4)" }
      rules:
        - { name: captured, check: "captured" }
      dedupe: { keys: [payment_id], latest: paid_at }
  gold/sales/daily_revenue:
    partitionKeys: [year, month]
    description: "Revenue per order day and currency: orders joined with their payments"
    gold:
      sources:
        - { table: silver/sales/orders, as: o }
        - { table: silver/sales/payments, as: p, join: left, on: "p.order_id = o.order_id" }
      where: "o.status <> 'cancelled'"
      groupBy:
        - { name: year, sql: o.year }
        - { name: month, sql: o.month }
        - { name: day, sql: o.day }
        - { name: currency, sql: o.currency }
      measures:
        - { name: orders, fn: count_distinct, sql: o.order_id }
        - { name: revenue, fn: sum, sql: o.amount }
        - { name: payments, fn: count, sql: p.payment_id }
        - { name: paid, fn: sum, sql: p.amount }
`;

/** The demo's promotions, in order: each silver table, then gold from them. */
export const DEMO_PROMOTIONS = [
  "silver/sales/orders",
  "silver/sales/customers",
  "silver/sales/payments",
  "gold/sales/daily_revenue",
];

export interface DemoPromotion {
  table: string;
  partitions: number;
  rows: number;
  rejected: number;
}

/** Runs the demo's promotions on the lake at `dir` (bronze already written and registered). */
export async function promoteDemo(dir: string, days = 30): Promise<DemoPromotion[]> {
  const [{ loadConfig }, { openLake }, { promote }, { openEngine }, path] = await Promise.all([
    import("../config/index.js"),
    import("../lake/index.js"),
    import("../promote/index.js"),
    import("../engine/index.js"),
    import("node:path"),
  ]);
  const lake = openLake(loadConfig({ config: path.join(dir, "medallion.yaml") }));
  // One DuckDB session for the four promotions: the demo runs in many tests, start-up adds up.
  // A long history is promoted in one go too: DuckDB keeps every output partition open while it writes
  // (730 days ran out of its default 512 MB), so it gets more room, and spills beyond it.
  const session = await openEngine("duckdb", lake.store, days > 31 ? { memoryLimit: "2GB" } : {});
  try {
    const done: DemoPromotion[] = [];
    for (const table of DEMO_PROMOTIONS) {
      const { run } = await promote(lake, table, { session });
      const target = run.outputs.find((o) => o.role === "target");
      done.push({
        table,
        partitions: target?.partitions.length ?? 0,
        rows: run.counts?.rowsOut ?? 0,
        rejected: run.counts?.rejected ?? 0,
      });
    }
    return done;
  } finally {
    await session.close();
    await lake.close();
  }
}
