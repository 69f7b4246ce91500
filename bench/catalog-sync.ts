// Catalog sync at scale: a local-folder lake whose table has 100,000 partitions (one small file each),
// synced to Glue on its own moto_server and to the local catalog. Prints wall times, Glue calls against
// the minimum, peak memory and the in-memory diff time, each next to its target or baseline.
// Scale with BENCH_PARTITIONS (a multiple of 100; default 100000).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Catalog, type CatalogPartition, openCatalog } from "../src/catalog/index.js";
import { loadConfig } from "../src/config/index.js";
import { type Lake, openLake } from "../src/lake/index.js";
import { applySync, callsFor, diffPartitions, discoverTable, isInSync, planSync } from "../src/sync/index.js";
import { startMoto } from "./_moto.js";

const TABLE = "silver/bench/events";
const SHARDS = 100;

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const now = () => process.hrtime.bigint();
const secs = (t: number) => `${(t / 1000).toFixed(2)} s`;
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const mb = (n: number) => Math.round(n / 1024 / 1024);
/** Where memory stands now (for finding what holds it): rss, V8 heap used, peak rss so far. */
const memory = (phase: string) => {
  const m = process.memoryUsage();
  if (process.env.BENCH_MEMORY)
    out(`    [memory after ${phase}: rss ${mb(m.rss)} MB, heap ${mb(m.heapUsed)} MB, peak ${peakMb()} MB]`);
};
const out = (line: string) => process.stdout.write(`${line}\n`);

/** day=YYYY-MM-DD/shard=NN folders, one small JSON file each. */
function buildLake(root: string, partitions: number): void {
  const days = partitions / SHARDS;
  const start = Date.UTC(2020, 0, 1);
  for (let d = 0; d < days; d++) {
    const day = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
    for (let s = 0; s < SHARDS; s++) {
      const folder = path.join(root, TABLE, `day=${day}`, `shard=${String(s).padStart(2, "0")}`);
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, "part-0.json"), `{"id":${d * SHARDS + s}}\n`);
    }
  }
}

interface RunResult {
  discoverMs: number;
  diffMs: number;
  syncMs: number;
  adds: number;
  drops: number;
  batchCalls: Record<string, number>;
  readCalls: Record<string, number>;
  /** Catalog reads of the full re-diff (moto answers GetPartitions in one page, whatever MaxResults says). */
  checkCalls: Record<string, number>;
  inSyncAfter: boolean;
  /** The diff alone, both sides in memory (100k storage vs 100k catalog, after the sync). */
  diffInMemoryMs: number;
  /** Peak RSS (MB) by the end of discover + diff + sync, and by the end of the full re-diff. */
  peakSyncMb: number;
  peakCheckMb: number;
}

async function run(dir: string, catalog: Catalog, stale: number): Promise<RunResult> {
  const config = loadConfig({ config: path.join(dir, "medallion.yaml") });
  const lake = openLake(config);
  const database = "bench_silver";
  await catalog.ensureDatabase(database);
  await catalog.putTable({
    database,
    name: "bench_events",
    location: `${lake.store.uri(`${TABLE}/`)}`,
    format: "json",
    columns: [{ name: "id", type: "bigint" }],
    partitionKeys: [
      { name: "day", type: "string" },
      { name: "shard", type: "string" },
    ],
  });
  // Stale entries: registered days long before the lake's first, with no folder.
  const seeded: CatalogPartition[] = Array.from({ length: stale }, (_, i) => ({
    values: [`1999-01-${String((i % 28) + 1).padStart(2, "0")}`, `x${i}`],
    location: lake.store.uri(`${TABLE}/day=1999-01-${String((i % 28) + 1).padStart(2, "0")}/shard=x${i}/`),
    format: "json",
  }));
  await catalog.addPartitions(database, "bench_events", seeded);
  const callsBefore = { ...catalog.calls };
  const first = await firstPass(lake, catalog);
  const readCalls = delta(callsBefore, first.callsAfterDiscover);
  const peakSyncMb = peakMb();

  // Checked after the first pass's data is gone: both sides now hold every partition.
  // What `medallion diff` does on the synced table: read both sides in full, diff once.
  const callsBeforeCheck = { ...catalog.calls };
  const again = await discoverTable(lake, catalog, TABLE);
  const checkCalls = delta(callsBeforeCheck, catalog.calls);
  const inSyncAfter = isInSync(diffPartitions(again));
  const peakCheckMb = peakMb();
  memory("full re-diff");
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = now();
    diffPartitions(again);
    times.push(ms(t));
  }
  return {
    ...first,
    readCalls,
    checkCalls,
    inSyncAfter,
    diffInMemoryMs: Math.min(...times),
    peakSyncMb,
    peakCheckMb,
  };
}

/** Discover, diff, plan with --drop-stale, apply: what `medallion sync --drop-stale --yes` does. */
async function firstPass(lake: Lake, catalog: Catalog) {
  let t = now();
  const found = await discoverTable(lake, catalog, TABLE);
  const discoverMs = ms(t);
  memory("discover");
  const callsAfterDiscover = { ...catalog.calls };
  t = now();
  const diff = diffPartitions(found);
  const diffMs = ms(t);
  memory("diff");
  const plan = planSync(diff, { catalogKind: catalog.kind, dropStale: true });
  t = now();
  const result = await applySync(catalog, plan);
  const syncMs = ms(t);
  memory("sync");
  if (result.failed.length > 0) {
    throw new Error(`sync failed for ${result.failed.length} partitions: ${result.failed[0]?.message}`);
  }
  return {
    discoverMs,
    diffMs,
    syncMs,
    adds: plan.adds.length,
    drops: plan.drops.length,
    batchCalls: result.calls,
    callsAfterDiscover,
  };
}

function delta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([k, v]) => [k, v - (before[k] ?? 0)] as const)
      .filter(([, v]) => v > 0),
  );
}

function report(label: string, kind: "glue" | "local", r: RunResult, rawListMs: number): void {
  const total = r.discoverMs + r.diffMs + r.syncMs;
  out(`-- ${label} --`);
  out(`  discover ${secs(r.discoverMs)} (storage walk + catalog read, concurrent; ${fmt(r.readCalls)})`);
  out(
    `    ratio to a bare flat listing of the table (${secs(rawListMs)}): ${(r.discoverMs / rawListMs).toFixed(2)}x`,
  );
  out(`  diff     ${secs(r.diffMs)}`);
  out(
    `  sync     ${secs(r.syncMs)} (add ${r.adds.toLocaleString("en-US")}, drop ${r.drops.toLocaleString("en-US")})`,
  );
  out(`  total discover + diff + full sync: ${secs(total)}`);
  const made = Object.values(r.batchCalls).reduce((a, b) => a + b, 0);
  const minimum = callsFor(kind, { adds: r.adds, drops: r.drops, updates: 0 });
  const rule =
    kind === "glue"
      ? "Glue minimum ⌈adds/100⌉ + ⌈drops/25⌉"
      : "minimum ⌈adds/5000⌉ + ⌈drops/5000⌉ transactions";
  out(
    `  catalog write calls ${made} (${fmt(r.batchCalls)}); ${rule} = ${minimum}; ratio ${(made / minimum).toFixed(2)}x`,
  );
  out(
    `  diff alone, both sides in memory: ${r.diffInMemoryMs.toFixed(0)} ms (target ≤ 1000 ms; ratio ${(r.diffInMemoryMs / 1000).toFixed(2)})`,
  );
  out(
    `  in sync after: ${r.inSyncAfter ? "yes" : "NO"} (full re-diff read the catalog with ${fmt(r.checkCalls)})`,
  );
  out(
    `  peak memory (maxRSS, own process): ${r.peakSyncMb} MB through discover + diff + sync; ${r.peakCheckMb} MB after a full re-diff (100k partitions on both sides) (target ≤ 500 MB; ratio ${(r.peakCheckMb / 500).toFixed(2)})`,
  );
}

const fmt = (calls: Record<string, number>) =>
  Object.entries(calls)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");

export default async function main(): Promise<void> {
  const partitions = Number(process.env.BENCH_PARTITIONS ?? 100_000);
  if (!Number.isInteger(partitions / SHARDS) || partitions <= 0)
    throw new Error("BENCH_PARTITIONS must be a multiple of 100");
  const stale = Math.max(25, Math.round(partitions / 100));
  const base = mkdtempSync(path.join(tmpdir(), "medallion-bench-sync-"));
  const moto = await startMoto();
  try {
    const yaml = `lake: ./lake\ndatabase: bench_{layer}\ntables:\n  ${TABLE}:\n    partitionKeys: [day, shard]\n    format: json\n`;
    writeFileSync(path.join(base, "medallion.yaml"), yaml);
    let t = now();
    buildLake(path.join(base, "lake"), partitions);
    out(
      `lake: ${partitions.toLocaleString("en-US")} partitions of ${TABLE}, one file each, built in ${secs(ms(t))}; ${stale.toLocaleString("en-US")} stale catalog entries seeded`,
    );

    const lake = openLake(loadConfig({ config: path.join(base, "medallion.yaml") }));
    // Listed twice, timed the second: the file system's cache is then as warm as for discovery.
    let objects = 0;
    let rawListMs = 0;
    for (let i = 0; i < 2; i++) {
      t = now();
      objects = 0;
      for await (const page of lake.store.list(`${TABLE}/`)) objects += page.objects.length;
      rawListMs = ms(t);
    }
    memory("baseline listing");
    out(`baseline: flat listing of ${objects.toLocaleString("en-US")} objects in ${secs(rawListMs)}`);

    // Each catalog in its own process, so each peak memory is its own.
    for (const kind of ["local", "glue"]) {
      await scenarioProcess([kind, base, String(stale), String(rawListMs), moto.endpoint]);
    }
  } finally {
    moto.stop();
    rmSync(base, { recursive: true, force: true });
  }
}

function scenarioProcess(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), "--scenario", ...args], {
      stdio: ["ignore", "inherit", "inherit"],
      env: process.env,
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`the ${args[0]} run exited with ${code}`)),
    );
  });
}

/** One catalog's run, in a child process: `--scenario <local|glue> <dir> <stale> <rawListMs> <endpoint>`. */
async function scenario([kind, base, stale, rawListMs, endpoint]: string[]): Promise<void> {
  const file = path.join(base as string, "medallion.yaml");
  if (kind === "local") {
    const local = openCatalog(loadConfig({ config: file }));
    report(
      "local catalog (SQLite, kept with the lake)",
      "local",
      await run(base as string, local, Number(stale)),
      Number(rawListMs),
    );
    await local.close?.();
    return;
  }
  const glueConfig = loadConfig({ config: file, catalog: "glue", endpointUrl: endpoint });
  // moto ignores GetPartitions Segment (each segment returns every partition): one segment, or reads are 10x.
  const glue = openCatalog(glueConfig, { glue: { segments: 1 } });
  report(
    `Glue on moto_server ${endpoint} (1 segment, 5 batch calls in flight)`,
    "glue",
    await run(base as string, glue, Number(stale)),
    Number(rawListMs),
  );
  await glue.close?.();
}

if (process.argv[2] === "--scenario") await scenario(process.argv.slice(3));
