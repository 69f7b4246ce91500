// raw → bronze of one gzipped CSV file of BENCH_ROWS (default 1,000,000) rows over 30 days, partitioned by
// its created_at column: `medallion ingest` (the built CLI, a process of its own: start-up, reading, 30
// partition files, staging, journaled commit, catalog) against DuckDB alone writing the same partitioned
// gzipped CSV with the two added columns in one COPY, in the same run.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";

const here = path.dirname(fileURLToPath(import.meta.url));
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);

const YAML = `lake: .
catalog: local
tables:
  bronze/shop/orders:
    partitionKeys: [year, month, day]
    format: csv
    ingest: { partitionFrom: created_at }
`;

async function duckdb(sql: string): Promise<number> {
  const instance = await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  const started = Date.now();
  await db.run(sql);
  const ms = Date.now() - started;
  db.closeSync();
  instance.closeSync();
  return ms;
}

/** Peak RSS of a finished child, from GNU time's report on stderr (undefined without /usr/bin/time). */
function timed(
  args: string[],
  cwd: string,
): { ms: number; rssMB?: number; status: number | null; out: string } {
  const started = Date.now();
  const run = spawnSync("/usr/bin/time", ["-f", "maxrss %M", process.execPath, ...args], {
    cwd,
    encoding: "utf8",
  });
  const ms = Date.now() - started;
  const rss = /maxrss (\d+)/.exec(run.stderr ?? "")?.[1];
  return {
    ms,
    rssMB: rss ? Number(rss) / 1024 : undefined,
    status: run.status,
    out: run.stdout + run.stderr,
  };
}

export default async function bench(): Promise<void> {
  const base = mkdtempSync(path.join(tmpdir(), "medallion-bench-ingest-"));
  try {
    const source = path.join(base, "landing/orders.csv.gz");
    mkdirSync(path.dirname(source), { recursive: true });
    await duckdb(`COPY (SELECT 'O' || i AS order_id, ' User' || (i % 1000) || '@Example.COM ' AS email,
        ((i % 10000) / 100.0 + 0.01)::VARCHAR AS amount,
        printf('2024-01-%02dT%02d:%02d:00Z', i % 30 + 1, i % 24, i % 60) AS created_at
      FROM range(${ROWS}) t(i)) TO '${source}' (FORMAT csv, HEADER true, COMPRESSION gzip)`);

    const lake = path.join(base, "lake");
    mkdirSync(lake);
    writeFileSync(path.join(lake, "medallion.yaml"), YAML);
    const cli = path.join(here, "../commands/medallion.js");
    const ours = timed([cli, "ingest", source, "bronze/shop/orders", "--json"], lake);
    if (ours.status !== 0) throw new Error(`medallion ingest failed: ${ours.out}`);
    const rows = JSON.parse(ours.out.slice(0, ours.out.lastIndexOf("}") + 1)).rows as number;

    const out = path.join(base, "duckdb-out");
    const cols = "{'order_id': 'VARCHAR', 'email': 'VARCHAR', 'amount': 'VARCHAR', 'created_at': 'VARCHAR'}";
    const ts = "TRY_CAST(created_at AS TIMESTAMP)";
    const baselineMs = await duckdb(`COPY (SELECT *, TIMESTAMP '2026-12-02 15:00:00' AS _ingestion_timestamp,
        '${source}' AS _source_file, strftime(${ts}, '%Y') AS year, strftime(${ts}, '%m') AS month,
        strftime(${ts}, '%d') AS day
      FROM read_csv('${source}', header = true, auto_detect = false, columns = ${cols}))
      TO '${out}' (FORMAT csv, HEADER true, COMPRESSION gzip, PARTITION_BY (year, month, day))`);

    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    process.stdout.write(
      `${rows.toLocaleString("en-US")} rows, 1 gzipped CSV → 30 day partitions (partitionFrom created_at)\n` +
        `  medallion ingest (CLI, whole run):  ${s(ours.ms)}${ours.rssMB ? `, peak RSS ${ours.rssMB.toFixed(0)} MB` : ""}\n` +
        `  DuckDB alone, one COPY (baseline):  ${s(baselineMs)}\n` +
        `  ratio: ${(ours.ms / baselineMs).toFixed(2)}x\n`,
    );
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
