// Parquet preview over S3: bytes, requests and time to show the schema and the first 50 rows of a ~1 GB,
// 20-column file written by DuckDB, against DuckDB reading the same rows from local disk (warm and cold,
// each in child processes); the endpoint's own cost per request, so the time over moto can be read; peak RSS.
import { execFileSync } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { DuckDBInstance } from "@duckdb/node-api";
import { S3Store } from "../src/storage/s3-store.js";
import { startMoto } from "./_moto.js";
import type { ChildArgs, ChildRun, RecordedRead } from "./_preview-child.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const ROWS = 50;
const WIDTHS = [80, 120];
const RUNS = 5;
const COLD_RUNS = 5;
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

/**
 * Runs a child process. Through `sh` with a command after it, so sh forks: Linux counts a forked
 * process's copy of its parent in maxRSS, and this parent holds DuckDB and upload buffers.
 */
function runChild(
  args: ChildArgs,
  env: Record<string, string> = {},
): { runs: ChildRun[]; maxRssKiB: number } {
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

/**
 * Per width: cold, the first run in each of COLD_RUNS fresh processes; warm, RUNS more runs in one
 * process after a first one left out (it is cold too).
 */
interface Timing {
  cold: ChildRun[];
  warm: ChildRun[];
}

function timings(args: Omit<ChildArgs, "widths" | "runs">, coldRuns = COLD_RUNS): Map<number, Timing> {
  const warm = runChild({ ...args, widths: WIDTHS, runs: RUNS + 1 }).runs;
  const result = new Map<number, Timing>();
  for (const width of WIDTHS) {
    const cold = Array.from(
      { length: coldRuns },
      () => runChild({ ...args, widths: [width], runs: 1 }).runs[0] as ChildRun,
    );
    result.set(width, { cold, warm: warm.filter((r) => r.width === width).slice(1) });
  }
  return result;
}

/** Times of `request`, after one untimed call. */
async function timesOf(times: number, request: () => Promise<unknown>): Promise<number[]> {
  await request();
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await request();
    ms.push(performance.now() - t0);
  }
  return ms;
}

/** The endpoint serving exactly the reads a preview made (round by round, each round's in parallel), bare. */
async function replay(open: () => S3Store, key: string, reads: RecordedRead[]): Promise<number> {
  const t0 = performance.now();
  const store = open(); // a new client, as each preview run has
  const rounds = [...new Set(reads.map((r) => r.round))].sort((a, b) => a - b);
  for (const round of rounds) {
    await Promise.all(
      reads
        .filter((r) => r.round === round)
        .map((r) => ("tail" in r ? store.readTail(key, r.tail) : store.read(key, r))),
    );
  }
  return performance.now() - t0;
}

const f0 = (ms: number) => ms.toFixed(0);
const f1 = (ms: number) => ms.toFixed(1);
const ratio = (ours: number, theirs: number) => `${(ours / theirs).toFixed(2)}x`;
const verdict = (ours: number, theirs: number) => (ours <= theirs ? "ok" : "MISSED");

const TUI_WIDTHS = [80, 160];
/** Terminal rows at each width the TUI path is measured at (80×24 over SSH, 160×45 on a wide screen). */
const TUI_ROWS: Record<number, number> = { 80: 24, 160: 45 };

/**
 * The terminal UI's reads next to `medallion preview`'s: what each step of the preview screen fetched
 * (the first screen, three pages right, the last rows, one record), against the targets.
 */
function tuiPath(runs: ChildRun[], size: number): void {
  process.stdout.write(
    "the terminal UI's preview screen over moto (the calls the screen makes; bench/_preview-child.ts tui)\n",
  );
  for (const run of runs) {
    const steps = run.steps ?? [];
    const first = steps.slice(0, 2).reduce((s, step) => s + step.bytes, 0);
    process.stdout.write(
      `  ${run.width}×${TUI_ROWS[run.width]} terminal: footer + first screen ${mib(first)} = ${((first / size) * 100).toFixed(3)}% of the file ` +
        `(target <= 1%) ${first <= size / 100 ? "ok" : "MISSED"}\n`,
    );
    for (const step of steps) {
      const target = step.step.startsWith("page right")
        ? ` (target <= 1 request) ${step.requests <= 1 ? "ok" : "MISSED"}`
        : "";
      process.stdout.write(
        `    ${step.step.padEnd(36)} ${String(step.requests).padStart(2)} GET  ${mib(step.bytes).padStart(10)}  ${((step.bytes / size) * 100).toFixed(3).padStart(7)}%  ${f0(step.ms).padStart(6)} ms  ${step.columns.length} columns${step.columns.length <= 12 ? ` (${step.columns.join(", ")})` : ""}${target}\n`,
      );
    }
  }
  process.stdout.write("\n");
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

  const moto = await startMoto();
  const { endpoint } = moto;
  try {
    const bucket = "bench-preview";
    const key = "orders.parquet";
    await new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" }).send(
      new CreateBucketCommand({ Bucket: bucket }),
    );
    const t0 = performance.now();
    const s3 = new S3Store({ bucket, endpointUrl: endpoint, partSize: 16 * 1024 * 1024 });
    await s3.put(key, createReadStream(file, { highWaterMark: 1024 * 1024 }));
    process.stdout.write(
      `uploaded to moto (${endpoint}) by multipart in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
    // What the endpoint costs per request on this object, whatever the preview asks for.
    const gets = await timesOf(5, () => s3.read(key, { start: 0, end: 1 }));
    const getFloor = median(gets);
    const headMs = median(await timesOf(5, () => s3.head(key)));
    process.stdout.write(
      `endpoint floor: a 1-byte ranged GET of the object takes moto ${f0(getFloor)} ms ` +
        `(median of 5, ${f0(Math.min(...gets))}-${f0(Math.max(...gets))} ms; HEAD ${f0(headMs)} ms)\n\n`,
    );

    const onS3 = { store: { kind: "s3" as const, endpoint, bucket }, key, rows: ROWS };
    const onDisk = {
      store: { kind: "local" as const, dir: path.dirname(file) },
      key: path.basename(file),
      rows: ROWS,
    };
    tuiPath(
      runChild({ ...onS3, path: "tui", widths: TUI_WIDTHS, terminalRows: TUI_ROWS, runs: 1 }).runs,
      size,
    );
    if (process.env.BENCH_PREVIEW === "tui") return;
    const overS3 = timings(onS3, 1); // moto's ~1 s a preview leaves cold runs over S3 at one per width
    const local = timings(onDisk);
    const columns = Object.fromEntries(WIDTHS.map((w) => [w, overS3.get(w)?.cold[0]?.columns ?? []]));
    const duck = timings({ ...onDisk, engine: "duckdb", columns });
    const rss = runChild({ ...onS3, widths: [120], runs: 1 });
    const bare = runChild({ ...onS3, widths: [120], runs: 0 });

    for (const width of WIDTHS) {
      const s = overS3.get(width) as Timing;
      const l = local.get(width) as Timing;
      const d = duck.get(width) as Timing;
      const first = s.cold[0] as ChildRun;
      const lCold = median(l.cold.map((r) => r.ms));
      const dCold = median(d.cold.map((r) => r.ms));
      const share = first.bytes / size;
      const getCount = first.requests.GetObject ?? 0;
      const heads = first.requests.HeadObject ?? 0;
      const sMs = median(s.warm.map((r) => r.ms));
      const lMs = median(l.warm.map((r) => r.ms));
      const dMs = median(d.warm.map((r) => r.ms));
      const floor = getFloor * first.rounds;
      // Can come out below 0: moto's time per GET varies by more than the preview's own work.
      const lessFloor = sMs - floor;
      const served: number[] = [];
      const client = () => new S3Store({ bucket, endpointUrl: endpoint });
      for (let i = 0; i < 3; i++) served.push(await replay(client, key, first.reads));
      const servedMs = median(served);
      process.stdout.write(
        `${width}-column screen: ${first.columns.length} columns (${first.columns.join(", ")})\n` +
          `  bytes fetched      ${mib(first.bytes)} of ${mib(size)} = ${(share * 100).toFixed(3)}% of the file (target <= 1%) ${share <= 0.01 ? "ok" : "MISSED"}\n` +
          `  requests           ${getCount} GET + ${heads} HEAD, in ${first.rounds} rounds one after the other (footer, then the chunks in parallel)\n` +
          `  time to 50 rows    warm: median of ${RUNS} runs in one process; cold: median of the first runs of ${COLD_RUNS} fresh processes (1 over moto)\n` +
          `    medallion over moto   warm ${f0(sMs)} ms (footer ${f0(median(s.warm.map((r) => r.openMs)))} ms), cold ${f0(first.ms)} ms\n` +
          `      less the endpoint floor (${first.rounds} rounds x ${f0(getFloor)} ms): ${f1(lessFloor)} ms\n` +
          `      the same reads made bare (moto serving them, median of 3): ${f0(servedMs)} ms; medallion's own time: ${f1(sMs - servedMs)} ms\n` +
          `    medallion local disk  warm ${f1(lMs)} ms (footer ${f1(median(l.warm.map((r) => r.openMs)))} ms; runs ${l.warm.map((r) => f1(r.ms)).join("/")}), cold ${f1(lCold)} ms (${l.cold.map((r) => f1(r.ms)).join("/")})\n` +
          `    DuckDB local disk     warm ${f1(dMs)} ms (runs ${d.warm.map((r) => f1(r.ms)).join("/")}), cold ${f1(dCold)} ms (${d.cold.map((r) => f1(r.ms)).join("/")})\n` +
          `  ratio to DuckDB    (target <= 1x)\n` +
          `    over moto                     ${ratio(sMs, dMs)} ${verdict(sMs, dMs)}\n` +
          `    over moto less endpoint floor ${lessFloor > 0 ? ratio(lessFloor, dMs) : "~0x (within moto's variation per GET)"} ${verdict(lessFloor, dMs)}\n` +
          `    local disk, warm              ${ratio(lMs, dMs)} ${verdict(lMs, dMs)}\n` +
          `    local disk, cold              ${ratio(lCold, dCold)} ${verdict(lCold, dCold)}\n`,
      );
      if (first.firstCell !== d.cold[0]?.firstCell) {
        process.stdout.write(
          `  (first cells differ: medallion ${first.firstCell}, DuckDB ${d.cold[0]?.firstCell})\n`,
        );
      }
    }
    const peak = rss.maxRssKiB / 1024;
    const mb = (mib: number) => ((mib * 1024 * 1024) / 1e6).toFixed(0);
    process.stdout.write(
      `\npeak RSS of a process running just the preview (120 columns, S3): ${peak.toFixed(0)} MiB = ${mb(peak)} MB ` +
        `(target <= 150 MB) ${peak * 1.048576 <= 150 ? "ok" : "MISSED"}\n` +
        `  baseline: the same process with the modules loaded and no preview: ${(bare.maxRssKiB / 1024).toFixed(0)} MiB\n`,
    );
  } finally {
    moto.stop();
  }
}
