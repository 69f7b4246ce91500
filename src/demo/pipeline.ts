import { existsSync, readdirSync, utimesSync } from "node:fs";
import path from "node:path";
import { partitionValuesOf } from "../lake/lake-path.js";
import { type DemoDay, promotedAt } from "./calendar.js";

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
export async function promoteDemo(dir: string, days: DemoDay[]): Promise<DemoPromotion[]> {
  const [{ loadConfig }, { openLake }, { promote }, { openEngine }] = await Promise.all([
    import("../config/index.js"),
    import("../lake/index.js"),
    import("../promote/index.js"),
    import("../engine/index.js"),
  ]);
  const lake = openLake(loadConfig({ config: path.join(dir, "medallion.yaml") }));
  const lastDay = days.at(-1)?.date ?? "";
  // One DuckDB session for every promotion: the demo runs in many tests, start-up adds up.
  const session = await openEngine("duckdb", lake.store);
  try {
    const totals = new Map<string, { partitions: Map<string, number>; rejected: number }>();
    const steps = batches(days).flatMap((selection) =>
      DEMO_PROMOTIONS.filter((t) => t.startsWith("silver/")).map((table) => ({ table, selection })),
    );
    // Gold reads its sources whole: once, after the last month's silver.
    for (const table of DEMO_PROMOTIONS.filter((t) => !t.startsWith("silver/")))
      steps.push({ table, selection: undefined });
    for (const { table, selection } of steps) {
      const { run } = await promote(lake, table, { session, partitions: selection });
      const t = totals.get(table) ?? { partitions: new Map(), rejected: 0 };
      // A partition written again by a later batch holds what that batch wrote (old rows kept).
      for (const p of run.outputs.find((o) => o.role === "target")?.partitions ?? [])
        t.partitions.set(p.path, p.rows);
      t.rejected += run.counts?.rejected ?? 0;
      totals.set(table, t);
      for (const output of run.outputs) datePromoted(dir, output.path, lastDay);
    }
    return DEMO_PROMOTIONS.map((table) => {
      const t = totals.get(table);
      return {
        table,
        partitions: t?.partitions.size ?? 0,
        rows: [...(t?.partitions.values() ?? [])].reduce((n, rows) => n + rows, 0),
        rejected: t?.rejected ?? 0,
      };
    });
  } finally {
    await session.close();
    await lake.close();
  }
}

/**
 * A quarter at a time beyond a month of history, as a lake's pipeline backfills it: each run writes at
 * most 92 days' partitions, under DuckDB's 100 files open at once (so one file each) and in bounded
 * memory, where two years in one run ran out of DuckDB's 512 MB and split partitions into small files.
 */
function batches(days: DemoDay[]): (string[] | undefined)[] {
  if (days.length <= 31) return [undefined];
  const quarters = new Map<string, Set<string>>();
  for (const d of days) {
    const quarter = `${d.year}Q${Math.ceil(Number(d.month) / 3)}`;
    const months = quarters.get(quarter) ?? new Set<string>();
    months.add(`year=${d.year}/month=${d.month}`);
    quarters.set(quarter, months);
  }
  return [...quarters.values()].map((months) => [...months]);
}

/**
 * Dates a promoted table's files as the daily pipeline would have written them (calendar.ts promotedAt),
 * so the lifecycle what-if sees a two-year-old partition's silver as old as its bronze. Silver is dated
 * before gold reads it, so gold's record of its inputs stays true.
 */
function datePromoted(dir: string, tablePath: string, lastDay: string): void {
  const root = path.join(dir, tablePath);
  if (!existsSync(root)) return;
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const folder = path.relative(root, entry.parentPath).split(path.sep).join("/");
    const when = promotedAt(partitionValuesOf(folder), lastDay);
    if (when) utimesSync(path.join(entry.parentPath, entry.name), when, when);
  }
}
