// bronze → silver of BENCH_ROWS (default 10,000,000) JSON-lines rows — casts, validation rules, dedupe —
// through Medallion's promote() against DuckDB running the equivalent SQL directly on the same files, in
// the same run, each in a process of its own (peak RSS measured per process). Targets: time ≤ 1.3× DuckDB,
// Medallion's peak RSS ≤ 1 GB.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";

const here = path.dirname(fileURLToPath(import.meta.url));
const ROWS = Number(process.env.BENCH_ROWS ?? 10_000_000);

const YAML = `lake: .
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

/** 30 day partitions; every 50th row re-delivers the order before it later; ~1% bad ids, amounts, signs. */
export async function writeBronze(root: string): Promise<void> {
  const instance = await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  await db.run(`CREATE TABLE bronze AS
    SELECT CASE WHEN i % 97 = 0 THEN NULL ELSE 'O' || n END AS order_id,
      ' User' || (n % 1000) || '@Example.COM ' AS email,
      CASE WHEN i % 89 = 0 THEN 'n/a' WHEN i % 83 = 0 THEN '-5' ELSE ((n % 10000) / 100.0 + 0.01)::VARCHAR END AS amount,
      printf('2024-01-%02dT%02d:%02d:00Z', n % 30 + 1, n % 24, n % 60) AS created_at,
      printf('2024-01-%02dT%02d:%02d:%02dZ', n % 30 + 1, n % 24, n % 60, i - n) AS updated_at,
      n % 30 + 1 AS day
    FROM (SELECT i, CASE WHEN i % 50 = 1 THEN i - 1 ELSE i END AS n FROM range(${ROWS}) t(i))`);
  // DuckDB's JSON writer takes no PARTITION_BY: one COPY per day folder.
  for (let day = 1; day <= 30; day++) {
    const folder = path.join(
      root,
      `bronze/shop/orders/year=2024/month=01/day=${String(day).padStart(2, "0")}`,
    );
    mkdirSync(folder, { recursive: true });
    await db.run(
      `COPY (SELECT * EXCLUDE (day) FROM bronze WHERE day = ${day}) TO '${path.join(folder, "part-0.json")}' (FORMAT json)`,
    );
  }
  db.closeSync();
  instance.closeSync();
}

interface Run {
  rows: number;
  rejected: number;
  ms: number;
  rssMB: number;
}

const child = (...args: string[]): Run =>
  JSON.parse(
    execFileSync(process.execPath, [path.join(here, "_promote-child.js"), ...args], {
      encoding: "utf8",
      maxBuffer: 1 << 20,
    }),
  ) as Run;

export default async function bench(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), "medallion-bench-promote-"));
  try {
    writeFileSync(path.join(root, "medallion.yaml"), YAML);
    const t = performance.now();
    await writeBronze(root);
    console.log(
      `bronze: ${ROWS.toLocaleString("en-US")} rows of JSON lines in 30 partitions (${((performance.now() - t) / 1000).toFixed(1)} s to write)`,
    );
    // The baseline writes what Medallion writes (row groups of up to 1M rows); DuckDB's own default
    // row groups (122,880 rows) are shown beside it.
    const out = (name: string) => {
      const folder = path.join(root, name);
      mkdirSync(folder);
      return folder;
    };
    const duck = child("duckdb", root, out("_duckdb"), "same-shape");
    const duckDefault = child("duckdb", root, out("_duckdb-default"));
    const ours = child("medallion", root);
    const line = (name: string, run: Run) =>
      `${name.padEnd(38)}${(run.ms / 1000).toFixed(1)} s  peak RSS ${run.rssMB.toFixed(0)} MB  ${run.rows.toLocaleString("en-US")} rows kept, ${run.rejected.toLocaleString("en-US")} rejected`;
    console.log(line("duckdb, same output shape (baseline)", duck));
    console.log(line("duckdb, its default row groups", duckDefault));
    console.log(line("medallion", ours));
    if ([duck, duckDefault].some((d) => ours.rows !== d.rows || ours.rejected !== d.rejected))
      console.log("MISMATCH: the two runs kept or rejected different rows");
    console.log(
      `ratio (medallion / duckdb, same output shape): ${(ours.ms / duck.ms).toFixed(2)}× time (target ≤ 1.3), peak RSS ${ours.rssMB.toFixed(0)} MB (target ≤ 1,024); against DuckDB's default row groups ${(ours.ms / duckDefault.ms).toFixed(2)}×`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
