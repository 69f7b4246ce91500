import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";

/**
 * A small local lake for promotion tests: bronze/shop/orders (JSON lines, three days) with the dirt a
 * feed has (a re-delivered order, a malformed timestamp, a missing id, a negative amount) and the
 * silver spec that cleans it.
 */
export const SHOP_YAML = `lake: .
catalog: local
tables:
  bronze/shop/orders:
    partitionKeys: [year, month, day]
    format: json
  silver/shop/orders:
    partitionKeys: [year, month, day]
    silver:
      from: bronze/shop/orders
      partitionFrom: created_at
      columns:
        - { name: order_id, type: string, nullable: false }
        - { name: email, type: string, sql: "lower(trim(email))" }
        - { name: amount, type: "decimal(10,2)" }
        - { name: created_at, type: timestamp, nullable: false }
        - { name: updated_at, type: timestamp }
      rules:
        - { name: positive_amount, check: "amount > 0" }
      dedupe: { keys: [order_id], latest: updated_at }
`;

/** A gold table over the shop's silver orders: orders and revenue per day, partitioned by year/month. */
export const GOLD_YAML = `  gold/shop/daily:
    partitionKeys: [year, month]
    gold:
      sources:
        - { table: silver/shop/orders, as: o }
      groupBy: [{ name: day, sql: o.day }, { name: year, sql: o.year }, { name: month, sql: o.month }]
      measures:
        - { name: orders, fn: count, sql: o.order_id }
        - { name: revenue, fn: sum, sql: o.amount }
`;

const order = (
  id: string | null,
  day: number,
  amount: number | string,
  updated = 10,
  email = " A@B.COM ",
) => ({
  order_id: id,
  email,
  amount,
  created_at: `2024-01-0${day}T08:00:00Z`,
  updated_at: `2024-01-0${day}T${updated}:00:00Z`,
});

const lines = (rows: object[]) => `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`;

function writeDay(root: string, day: number, file: string, rows: object[]): void {
  const folder = path.join(root, `bronze/shop/orders/year=2024/month=01/day=0${day}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, file), lines(rows));
}

/** Day d: orders d-1 … d-4, order d-1 re-delivered with a later update, plus one bad row of each kind. */
export function shopLake(): string {
  const root = mkdtempSync(path.join(tmpdir(), "medallion-shop-"));
  writeFileSync(path.join(root, "medallion.yaml"), SHOP_YAML);
  for (const day of [1, 2, 3]) {
    writeDay(root, day, "part-0.json", [
      order(`O${day}-1`, day, 10.5),
      order(`O${day}-2`, day, "20.25"),
      order(`O${day}-3`, day, 7),
      order(`O${day}-4`, day, 3.99),
      order(`O${day}-1`, day, 11.5, 12), // re-delivered, later: wins
      { ...order(`O${day}-5`, day, 5), created_at: "yesterday" }, // type:created_at
      order(null, day, 5), // required:order_id
      order(`O${day}-6`, day, -1), // rule:positive_amount
    ]);
  }
  return root;
}

/** A second delivery: each day gets updates of two orders and one new order. */
export function deliverAgain(root: string): void {
  for (const day of [1, 2, 3]) {
    writeDay(root, day, "part-1.json", [order(`O${day}-2`, day, 99, 15), order(`O${day}-7`, day, 1, 9)]);
  }
}

/** Every file under a folder with its sha256: bronze must be byte-identical after any promotion. */
export function fileHashes(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(folder, { recursive: true }) as string[]) {
    const file = path.join(folder, name);
    if (statSync(file).isFile()) out[name] = createHash("sha256").update(readFileSync(file)).digest("hex");
  }
  return out;
}

/** Rows DuckDB reads from a SQL query (the reference reader). */
export async function duck(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  try {
    return (await db.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

/** `order_id:amount` of every row DuckDB finds in the Parquet files of a folder (sorted). */
export async function folderRows(folder: string): Promise<string[]> {
  const files = readdirSync(folder, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".parquet"));
  if (files.length === 0) return [];
  const list = files.map((f) => `'${path.join(folder, f)}'`).join(", ");
  const rows = await duck(`SELECT order_id, amount FROM read_parquet([${list}]) ORDER BY ALL`);
  return rows.map((r) => `${r.order_id}:${r.amount}`);
}
