import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { DuckDBInstance } from "@duckdb/node-api";

/**
 * A lake with three bronze tables declared for ingest, each partitioned another way, and a landing
 * folder outside it with one raw delivery per table: CSV gzipped under Hive folders, JSON lines named
 * by a path pattern, Parquet partitioned by a timestamp column.
 */
export const INGEST_YAML = `lake: .
catalog: local
tables:
  bronze/shop/customers:
    partitionKeys: [year, month, day]
    format: csv
  bronze/shop/events:
    partitionKeys: [year, month, day]
    format: json
    ingest: { path: "events/{year}-{month}-{day}/*.jsonl" }
  bronze/shop/payments:
    partitionKeys: [year, month]
    format: parquet
    ingest: { partitionFrom: paid_at }
  bronze/shop/notes:
    format: csv
`;

export const CUSTOMERS_CSV = `customer_id,name,email,updated_at
1,"Ann, B",A@X.COM,2024-01-15T08:00:00Z
2,,"",2024-01-15 09:00:00
007,Bo,bo@y.org,2024-01-15T10:00:00Z
`;

export const EVENTS = [
  { id: 1, kind: "view", amount: 1.5, at: "2024-01-15T08:00:00Z", tags: ["a", "b"] },
  { id: 2, kind: "buy", amount: 20, at: "2024-01-15T09:00:00Z", extra: { coupon: "X" } },
];

export const cli = path.resolve("dist/commands/medallion.js");

export const medallion = (cwd: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8", env: { ...process.env, ...env } });

/** The lake (with its medallion.yaml) and the landing folder beside it. */
export async function ingestLake(): Promise<{ root: string; landing: string }> {
  const base = mkdtempSync(path.join(tmpdir(), "medallion-ingest-"));
  const root = path.join(base, "lake");
  const landing = path.join(base, "landing");
  mkdirSync(root);
  writeFileSync(path.join(root, "medallion.yaml"), INGEST_YAML);
  const customers = path.join(landing, "customers/year=2024/month=01/day=15");
  mkdirSync(customers, { recursive: true });
  writeFileSync(path.join(customers, "customers.csv.gz"), gzipSync(CUSTOMERS_CSV));
  writeFileSync(path.join(customers, "_SUCCESS"), "");
  const events = path.join(landing, "events/2024-01-15");
  mkdirSync(events, { recursive: true });
  writeFileSync(path.join(events, "events.jsonl"), `${EVENTS.map((e) => JSON.stringify(e)).join("\n")}\n`);
  mkdirSync(path.join(landing, "payments"));
  await duckdb(
    `COPY (SELECT * FROM (VALUES ('P1', 10.5::DECIMAL(10,2), TIMESTAMP '2024-01-31 23:00:00'),
                                 ('P2', 20.0::DECIMAL(10,2), TIMESTAMP '2024-02-01 01:00:00'),
                                 ('P3', 5.0::DECIMAL(10,2), NULL)) t(payment_id, amount, paid_at))
     TO '${path.join(landing, "payments/payments.parquet")}' (FORMAT parquet)`,
  );
  return { root, landing };
}

/** Rows of a query with DuckDB: the reference reader of what ingest wrote. */
export async function duckdb(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  try {
    return (await db.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

/** Every file under a folder, relative to it, sorted. */
export function filesUnder(folder: string): string[] {
  try {
    return readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(folder, path.join(e.parentPath, e.name)))
      .sort();
  } catch {
    return [];
  }
}
