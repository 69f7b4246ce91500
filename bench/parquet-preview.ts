// Parquet preview over S3: bytes, requests and time to show the schema and the first 50 rows of a ~1 GB,
// 20-column file written by DuckDB, against DuckDB reading the same rows from local disk; peak RSS.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { DuckDBInstance } from "@duckdb/node-api";
import { S3Store } from "../src/storage/s3-store.js";
import type { ChildRun } from "./_preview-child.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const ROWS = 50;
const WIDTHS = [80, 120];
const RUNS = 5;
const TARGET_ROWS = 4_000_000; // ~268 bytes a row: ~1 GB

const SELECT = `SELECT
  i AS order_id,
  TIMESTAMP '2024-01-01' + INTERVAL (i) SECOND AS created_at,
  hash(i) % 1000000 AS customer_id,
  (random() * 10000)::DECIMAL(12,2) AS amount,
  (1 + (random() * 99))::INTEGER AS quantity,
  random() * 500 AS unit_price,
  (['new','paid','shipped','delivered','returned'])[1 + (i % 5)] AS status,
  (['FR','DE','ES','IT','PT','NL','BE','US'])[1 + (hash(i) % 8)::INT] AS country,
  md5(i::VARCHAR) || '@example.com' AS email,
  'SKU-' || (hash(i * 7) % 100000)::VARCHAR AS sku,
  md5((i * 31)::VARCHAR) AS session_id,
  md5((i * 17)::VARCHAR) || md5((i * 13)::VARCHAR) AS user_agent,
  concat_ws('.', hash(i) % 256, hash(i + 1) % 256, hash(i + 2) % 256, hash(i + 3) % 256) AS ip,
  random() * 180 - 90 AS lat,
  random() * 360 - 180 AS lon,
  random() AS score,
  random() < 0.5 AS is_mobile,
  DATE '2024-01-01' + (i // 86400)::INT AS day,
  md5((i * 3)::VARCHAR) AS note,
  gen_random_uuid()::VARCHAR AS ref
FROM range(${TARGET_ROWS}) t(i)`;

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** The file, written once by DuckDB (default row groups, snappy) and cached under the temp folder. */
async function benchFile(): Promise<string> {
  const dir = path.join(os.tmpdir(), "medallion-bench");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `orders-20col-${TARGET_ROWS}.parquet`);
  if (existsSync(file)) return file;
  process.stdout.write(`writing ${file} with DuckDB (once; cached for later runs)…\n`);
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run(`COPY (${SELECT}) TO '${file}.tmp' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
  renameSync(`${file}.tmp`, file);
  return file;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function startMoto(): Promise<{ endpoint: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${endpoint}/moto-api/`)).status < 500) return { endpoint, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGTERM");
  throw new Error(`moto_server did not answer on ${endpoint}`);
}

/**
 * Runs the preview in a child process. Through `sh` with a command after it, so sh forks: Linux counts a
 * forked process's copy of its parent in maxRSS, and this parent holds DuckDB and upload buffers.
 */
function runChild(args: object, env: Record<string, string> = {}): { runs: ChildRun[]; maxRssKiB: number } {
  const child = path.join(here, "_preview-child.js");
  const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
  const out = execFileSync(
    "/bin/sh",
    ["-c", `${quote(process.execPath)} ${quote(child)} ${quote(JSON.stringify(args))}; exit $?`],
    {
      encoding: "utf8",
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...env },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return JSON.parse(out.trim().split("\n").pop() ?? "{}");
}

/** DuckDB reading the same rows of the same columns from the local file: a fresh instance each run. */
async function duckdbTimes(file: string, columns: string[]): Promise<number[]> {
  const times: number[] = [];
  const list = columns.map((c) => `"${c}"`).join(", ");
  for (let run = 0; run < RUNS; run++) {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const t0 = performance.now();
    const reader = await connection.runAndReadAll(
      `SELECT ${list} FROM read_parquet('${file}') LIMIT ${ROWS}`,
    );
    const rows = reader.getRows();
    times.push(performance.now() - t0);
    if (rows.length !== ROWS) throw new Error(`DuckDB returned ${rows.length} rows`);
    connection.closeSync();
    instance.closeSync();
  }
  return times;
}

export default async function main(): Promise<void> {
  process.env.AWS_ACCESS_KEY_ID ??= "testing";
  process.env.AWS_SECRET_ACCESS_KEY ??= "testing";
  process.env.AWS_REGION ??= "us-east-1";
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const file = await benchFile();
  const size = statSync(file).size;
  const rowGroups = execFileSync(
    process.execPath,
    [
      "-e",
      `import("@duckdb/node-api").then(async ({DuckDBInstance}) => { const c = await (await DuckDBInstance.create()).connect(); const r = await c.runAndReadAll("SELECT count(DISTINCT row_group_id) FROM parquet_metadata('${file}')"); console.log(String(r.getRows()[0][0])); })`,
    ],
    { encoding: "utf8", cwd: path.resolve(here, "../..") },
  ).trim();
  process.stdout.write(
    `file: ${file}, ${mib(size)}, 20 columns, ${TARGET_ROWS.toLocaleString("en-US")} rows, ${rowGroups} row groups\n`,
  );

  const { endpoint, child: moto } = await startMoto();
  try {
    const bucket = "bench-preview";
    await new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" }).send(
      new CreateBucketCommand({ Bucket: bucket }),
    );
    const t0 = performance.now();
    await new S3Store({ bucket, endpointUrl: endpoint, partSize: 16 * 1024 * 1024 }).put(
      "orders.parquet",
      createReadStream(file, { highWaterMark: 1024 * 1024 }),
    );
    process.stdout.write(
      `uploaded to moto (${endpoint}) by multipart in ${((performance.now() - t0) / 1000).toFixed(1)} s\n\n`,
    );

    const s3 = runChild({
      store: { kind: "s3", endpoint, bucket },
      key: "orders.parquet",
      widths: WIDTHS,
      runs: RUNS,
      rows: ROWS,
    });
    const local = runChild({
      store: { kind: "local", dir: path.dirname(file) },
      key: path.basename(file),
      widths: WIDTHS,
      runs: RUNS,
      rows: ROWS,
    });
    const rssArgs = {
      store: { kind: "s3", endpoint, bucket },
      key: "orders.parquet",
      widths: [120],
      runs: 1,
      rows: ROWS,
    };
    const rss = runChild(rssArgs);
    const bare = runChild({ ...rssArgs, runs: 0 });

    for (const width of WIDTHS) {
      const ours = s3.runs.filter((r) => r.width === width);
      const first = ours[0] as ChildRun;
      const oursLocal = local.runs.filter((r) => r.width === width);
      const duck = await duckdbTimes(file, first.columns);
      const share = first.bytes / size;
      const ratio = median(ours.map((r) => r.ms)) / median(duck);
      process.stdout.write(
        `${width}-column screen: ${first.columns.length} columns (${first.columns.join(", ")})\n` +
          `  bytes fetched      ${mib(first.bytes)} of ${mib(size)} = ${(share * 100).toFixed(3)}% of the file (target <= 1%) ${share <= 0.01 ? "ok" : "MISSED"}\n` +
          `  requests           ${first.requests} (1 HEAD + ${first.requests - 1} ranged GET)\n` +
          `  time to 50 rows    medallion over S3 (moto) median ${median(ours.map((r) => r.ms)).toFixed(0)} ms (runs ${ours.map((r) => r.ms.toFixed(0)).join("/")}; HEAD + footer median ${median(ours.map((r) => r.openMs)).toFixed(0)} ms); ` +
          `same on local disk ${median(oursLocal.map((r) => r.ms)).toFixed(0)} ms (footer ${median(oursLocal.map((r) => r.openMs)).toFixed(0)} ms)\n` +
          `                     DuckDB local disk median ${median(duck).toFixed(0)} ms (first ${duck[0]?.toFixed(0)} ms)\n` +
          `  ratio              ${ratio.toFixed(2)}x DuckDB (target <= 1x) ${ratio <= 1 ? "ok" : "MISSED"}; ` +
          `local disk ${(median(oursLocal.map((r) => r.ms)) / median(duck)).toFixed(2)}x\n`,
      );
    }
    const peak = rss.maxRssKiB / 1024;
    const mb = (mib: number) => ((mib * 1024 * 1024) / 1e6).toFixed(0);
    process.stdout.write(
      `\npeak RSS of a process running just the preview (120 columns, S3): ${peak.toFixed(0)} MiB = ${mb(peak)} MB ` +
        `(target <= 150 MB) ${peak * 1.048576 <= 150 ? "ok" : "MISSED"}\n` +
        `  baseline: the same process with the modules loaded and no preview: ${(bare.maxRssKiB / 1024).toFixed(0)} MiB\n`,
    );
  } finally {
    moto.kill("SIGTERM");
  }
}
