// One bronze → silver promotion in a process of its own, so its peak RSS is its own: prints one JSON line.
// `medallion <root>`: Medallion's promote(); `duckdb <root> <out>`: the equivalent SQL run by DuckDB
// directly on the same files, with the same DuckDB settings (memory limit, spill folder, insertion order).
// `duckdb <root> <out> same-shape`: that SQL writing Parquet of Medallion's shape (row groups of up to 1M
// rows / 128 MiB, src/engine/duckdb.ts) instead of DuckDB's default row groups (122,880 rows).
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { loadConfig } from "../src/config/index.js";
import { openLake } from "../src/lake/index.js";
import { promote } from "../src/promote/index.js";

const [mode = "", root = "", out = "", shape = ""] = process.argv.slice(2);
const start = performance.now();
let rows = 0;
let rejected = 0;
if (mode === "medallion") {
  const lake = openLake(loadConfig({ config: path.join(root, "medallion.yaml") }));
  // BENCH_PHASES=1: each phase's start on stderr, to see where the time goes.
  const onProgress = process.env.BENCH_PHASES
    ? (status: string) =>
        process.stderr.write(`${((performance.now() - start) / 1000).toFixed(1)} s ${status}\n`)
    : undefined;
  const { run } = await promote(lake, "silver/shop/orders", { onProgress });
  await lake.close();
  rows = run.counts?.rowsOut ?? 0;
  rejected = run.counts?.rejected ?? 0;
} else {
  const instance = await DuckDBInstance.create(":memory:", {
    memory_limit: "512MB",
    temp_directory: path.join(out, "_spill"),
    preserve_insertion_order: "false",
  });
  const db = await instance.connect();
  const bronze = path.join(root, "bronze/shop/orders/**/*.json");
  const rowGroups = shape === "same-shape" ? ", ROW_GROUP_SIZE 1000000, ROW_GROUP_SIZE_BYTES 134217728" : "";
  // What the silver spec of bench/promote.ts asks: type every column, reject what does not cast, a missing
  // id or a non-positive amount (kept with the rule), keep the latest update per order, partition by day.
  await db.run(`CREATE TEMP TABLE checked AS
    SELECT *, CASE
        WHEN raw_amount IS NOT NULL AND amount IS NULL THEN 'type:amount'
        WHEN raw_created IS NOT NULL AND created_at IS NULL THEN 'type:created_at'
        WHEN raw_updated IS NOT NULL AND updated_at IS NULL THEN 'type:updated_at'
        WHEN order_id IS NULL THEN 'required:order_id'
        WHEN created_at IS NULL THEN 'required:created_at'
        WHEN NOT coalesce(amount > 0, false) THEN 'rule:positive_amount'
      END AS _rule
    FROM (
      SELECT order_id, lower(trim(email)) AS email, amount AS raw_amount, created_at AS raw_created,
        updated_at AS raw_updated, TRY_CAST(amount AS DECIMAL(10,2)) AS amount,
        TRY_CAST(created_at AS TIMESTAMP) AS created_at, TRY_CAST(updated_at AS TIMESTAMP) AS updated_at,
        filename AS _bronze_file
      FROM read_json('${bronze}', columns = {order_id: 'VARCHAR', email: 'VARCHAR', amount: 'VARCHAR',
        created_at: 'VARCHAR', updated_at: 'VARCHAR'}, filename = true, format = 'newline_delimited'))`);
  await db.run(`COPY (
      SELECT order_id, email, amount, created_at, updated_at, _bronze_file,
        strftime(created_at, '%Y') AS year, strftime(created_at, '%m') AS month, strftime(created_at, '%d') AS day
      FROM checked WHERE _rule IS NULL
      QUALIFY row_number() OVER (PARTITION BY order_id ORDER BY updated_at DESC NULLS LAST) = 1
    ) TO '${path.join(out, "silver")}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (year, month, day)${rowGroups})`);
  await db.run(`COPY (SELECT * EXCLUDE (raw_amount, raw_created, raw_updated) FROM checked WHERE _rule IS NOT NULL)
    TO '${path.join(out, "rejects")}' (FORMAT parquet, COMPRESSION zstd${rowGroups})`);
  const counted = await db.runAndReadAll(
    `SELECT (SELECT count(*) FROM read_parquet('${path.join(out, "silver/**/*.parquet")}')) AS kept,
            (SELECT count(*) FROM checked WHERE _rule IS NOT NULL) AS rejected`,
  );
  const [row] = counted.getRowObjectsJson() as { kept: string; rejected: string }[];
  rows = Number(row?.kept);
  rejected = Number(row?.rejected);
  db.closeSync();
  instance.closeSync();
}
const ms = performance.now() - start;
process.stdout.write(
  `${JSON.stringify({ rows, rejected, ms, rssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
