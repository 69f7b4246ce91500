// A query with a one-partition filter over a 1,000-partition table: `medallion query`'s DuckDB path
// (catalog → prune → the partition's files only) against DuckDB's own
// `read_parquet('…/*/*/*/*.parquet', hive_partitioning = true)` with the same filter on the same files,
// in the same run, runs interleaved. Layout: silver/bench/events/year=YYYY/month=MM/day=DD/part-0.parquet,
// 1,000 consecutive days from 2023-01-01, 2,000 rows a day, registered in the embedded catalog.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { LocalCatalog, localCatalogFile } from "../src/catalog/index.js";
import { loadConfig } from "../src/config/index.js";
import { humanBytes } from "../src/lake/human.js";
import { openLake } from "../src/lake/index.js";
import { filesAt } from "../src/query/files.js";
import { runQuery } from "../src/query/index.js";

const DAYS = 1_000;
const ROWS_PER_DAY = 2_000;
const RUNS = 7;
const FILTER = "year = '2024' AND month = '06' AND day = '15'";
const SQL = `SELECT count(*) AS n, sum(amount) AS total FROM silver.bench_events WHERE ${FILTER}`;

async function duck<T>(work: (db: Awaited<ReturnType<DuckDBInstance["connect"]>>) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  try {
    return await work(db);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

/** The table's files, written by DuckDB, and its table and partitions in the embedded catalog. */
async function buildLake(root: string): Promise<string> {
  const table = path.join(root, "silver/bench/events");
  mkdirSync(path.dirname(table), { recursive: true });
  await duck(async (db) => {
    await db.run(`COPY (
      SELECT strftime(d, '%Y') AS year, strftime(d, '%m') AS month, strftime(d, '%d') AS day,
             i AS event_id, (i % 9973) / 100.0 AS amount, 'user-' || (i % 5000) AS user_id,
             d + INTERVAL (i % 86400) SECOND AS happened_at
      FROM (SELECT i, DATE '2023-01-01' + CAST(i // ${ROWS_PER_DAY} AS INTEGER) AS d FROM range(${DAYS * ROWS_PER_DAY}) t(i))
    ) TO '${table}' (FORMAT parquet, PARTITION_BY (year, month, day), FILENAME_PATTERN 'part-{i}')`);
  });
  writeFileSync(path.join(root, "medallion.yaml"), "lake: .\ncatalog: local\nengine: duckdb\n");
  const catalog = new LocalCatalog(localCatalogFile({ kind: "local", path: root }));
  const key = (name: string) => ({ name, type: "string" });
  await catalog.ensureDatabase("silver");
  await catalog.putTable({
    database: "silver",
    name: "bench_events",
    location: `${table}/`,
    format: "parquet",
    columns: [
      { name: "event_id", type: "bigint" },
      { name: "amount", type: "double" },
      { name: "user_id", type: "string" },
      { name: "happened_at", type: "timestamp" },
    ],
    partitionKeys: ["year", "month", "day"].map(key),
  });
  const partitions = Array.from({ length: DAYS }, (_, d) => {
    const date = new Date(Date.UTC(2023, 0, 1) + d * 86_400_000).toISOString();
    const values = [date.slice(0, 4), date.slice(5, 7), date.slice(8, 10)];
    return {
      values,
      location: `${table}/year=${values[0]}/month=${values[1]}/day=${values[2]}/`,
      format: "parquet" as const,
    };
  });
  await catalog.addPartitions("silver", "bench_events", partitions);
  await catalog.close?.();
  return table;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export default async function bench(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), "medallion-bench-query-"));
  const built = performance.now();
  const table = await buildLake(root);
  process.stdout.write(
    `${DAYS} partitions × ${ROWS_PER_DAY} rows written and registered in ${((performance.now() - built) / 1000).toFixed(1)} s\n`,
  );
  const lake = openLake(loadConfig({ config: path.join(root, "medallion.yaml") }));
  const whole = await filesAt(lake, [table]);
  const ours: number[] = [];
  const theirs: number[] = [];
  let scanned = 0;
  let same = true;
  for (let run = 0; run < RUNS; run++) {
    let started = performance.now();
    const result = await runQuery(lake, SQL, "duckdb");
    ours.push(performance.now() - started);
    scanned = result.stats.bytesScanned;
    started = performance.now();
    const direct = await duck(async (db) =>
      (
        await db.runAndReadAll(
          `SELECT count(*) AS n, sum(amount) AS total FROM read_parquet('${table}/*/*/*/*.parquet', hive_partitioning = true) WHERE ${FILTER}`,
        )
      ).getRowsJson(),
    );
    theirs.push(performance.now() - started);
    same &&= JSON.stringify(result.values) === JSON.stringify(direct);
  }
  await lake.close();
  rmSync(root, { recursive: true, force: true });
  const [ourMs, theirMs] = [median(ours), median(theirs)];
  process.stdout.write(
    `${[
      `query: ${SQL}`,
      `bytes scanned: ${humanBytes(scanned)} of the table's ${humanBytes(whole.bytes)} (${((scanned / whole.bytes) * 100).toFixed(2)}%, ${whole.objectKeys.length} files)`,
      `medallion query (catalog, prune, one partition's files): median ${ourMs.toFixed(0)} ms of ${RUNS} (${ours.map((m) => m.toFixed(0)).join(", ")})`,
      `baseline DuckDB read_parquet(glob, hive_partitioning = true) + WHERE: median ${theirMs.toFixed(0)} ms (${theirs.map((m) => m.toFixed(0)).join(", ")})`,
      `ratio: ${(ourMs / theirMs).toFixed(2)}x (target ≤ 1.2) · same rows: ${same ? "yes" : "NO"}`,
    ].join("\n")}\n`,
  );
}
