import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Catalog, CatalogTable, Column } from "../catalog/catalog.js";
import { openEngine } from "../engine/index.js";
import { MedallionError, ReadOnlyError } from "../errors.js";
import type { Lake } from "../lake/lake.js";
import { type CommitProgress, commitRun, rollbackRun } from "../promote/commit.js";
import { journaled, listRuns, newRunId, stagingPrefix } from "../promote/journal.js";
import { fingerprint, listTablePartitions } from "../promote/partitions.js";
import { catalogLocations } from "../promote/stage.js";
import type { OutputPartition, OutputTable, PromotionRun } from "../promote/types.js";
import { LocalStore } from "../storage/index.js";
import { readColumns } from "../sync/register.js";
import { tableRef } from "../sync/table-ref.js";
import type { TableRef } from "../sync/types.js";
import { bronzeName, type PreparedSource, prepareSource } from "./prepare.js";
import { fetchSource, openSource, type Source, type SourceFile } from "./sources.js";

export interface IngestOptions {
  /** Read and count every source file, write nothing. */
  dryRun?: boolean;
  /** Ingest a source file again that the table already holds: its rows are replaced, never doubled. */
  force?: boolean;
  /** DuckDB's memory limit while reading the sources. */
  memoryLimit?: string;
  onProgress?: (status: string) => void;
}

/** What became of one source file. */
export interface IngestedFile {
  source: string;
  rows: number;
  /** The bronze objects it became, one per partition its rows land in. */
  partitions: { path: string; rows: number; objectKey: string; bytes: number }[];
  /** Rows whose partitionFrom value is no date: in Hive's default partition. */
  undated: number;
  /** Set when the file was left out: the table already holds it (in these partitions). */
  alreadyIn?: string[];
  /** True when it replaced the rows an earlier ingest of the same file landed (--force). */
  replaced: boolean;
}

export interface IngestResult {
  table: string;
  source: string;
  dryRun: boolean;
  /** The committed run; undefined in a dry run or when every file was already ingested. */
  run?: PromotionRun;
  files: IngestedFile[];
  rows: number;
  /** Partitions registered in the catalog by this ingest (new ones; the others only got files). */
  partitionsAdded: number;
  /** Files in the source folder that are not CSV, JSON lines or Parquet (left out). */
  otherFiles: string[];
  ms: number;
}

/** The bronze table named, declared in medallion.yaml, after the read-only and tenant guards. */
export function bronzeTable(lake: Lake, table: string): TableRef {
  const key = lake.resolve(table); // a tenant-scoped lake refuses another tenant's table here
  const ref = tableRef(lake, key);
  if (ref.layer !== lake.config.layers.bronze) {
    throw new MedallionError(
      "usage",
      `${ref.path} is a ${ref.layer} table: ingest lands raw files in ${lake.config.layers.bronze} (promote builds silver and gold)`,
    );
  }
  if (!lake.tableConfig(ref.path)) {
    throw new MedallionError(
      "usage",
      `${ref.path} is not in medallion.yaml's tables: declare it with its partitionKeys and format (see README, Ingest)`,
    );
  }
  return ref;
}

const FORMAT_NAMES = { csv: "CSV", json: "JSON lines", parquet: "Parquet" } as const;

function checkSources(lake: Lake, ref: TableRef, source: Source): void {
  for (const file of source.files) {
    if (file.format !== ref.format) {
      throw new MedallionError(
        "usage",
        `${file.uri} is ${FORMAT_NAMES[file.format]}, ${ref.path} holds ${FORMAT_NAMES[ref.format]} (its format in medallion.yaml): bronze keeps files as delivered, one format a table`,
      );
    }
    const inLayer = lake.layout.layers.find((layer) => file.uri.startsWith(lake.store.uri(`${layer}/`)));
    if (inLayer) {
      throw new MedallionError(
        "usage",
        `${file.uri} is inside the lake's ${inLayer} layer: ingest reads raw files from a landing folder outside the layers`,
      );
    }
  }
}

async function refuseUnfinished(lake: Lake, table: string): Promise<void> {
  const open = (await listRuns(lake.store)).find((r) => r.target === table && r.state === "running");
  if (open) {
    throw new MedallionError(
      "conflict",
      `run ${open.id} of ${table} is unfinished: \`medallion runs resume ${open.id}\` or \`medallion runs rollback ${open.id}\` first`,
    );
  }
}

/** The table's objects by name: where an earlier ingest of a source file put its rows. */
async function objectsByName(
  lake: Lake,
  table: string,
): Promise<Map<string, { path: string; key: string }[]>> {
  const byName = new Map<string, { path: string; key: string }[]>();
  for (const partition of await listTablePartitions(lake.store, table)) {
    for (const object of partition.objects) {
      const name = object.key.slice(object.key.lastIndexOf("/") + 1);
      byName.set(name, [...(byName.get(name) ?? []), { path: partition.path, key: object.key }]);
    }
  }
  return byName;
}

/** How many objects a partition folder holds. */
const countIn = (byName: Map<string, { path: string }[]>, path: string) =>
  [...byName.values()].reduce((n, objects) => n + objects.filter((o) => o.path === path).length, 0);

/** The catalog table after the ingest: the one there with the new files' columns added, or a new one. */
async function catalogTable(
  catalog: Catalog,
  ref: TableRef,
  prepared: PreparedSource[],
): Promise<{ table: CatalogTable; previous?: CatalogTable }> {
  const previous = await catalog.getTable(ref.database, ref.name);
  const keys = previous?.partitionKeys.map((k) => k.name) ?? ref.partitionKeys;
  const columns: Column[] = [...(previous?.columns ?? [])];
  for (const p of prepared) {
    const first = p.partitions[0];
    if (!first) continue;
    const local = new LocalStore(path.dirname(first.file));
    const read = await readColumns(local, await local.head(first.name));
    for (const c of read.columns)
      if (!keys.includes(c.name) && !columns.some((d) => d.name === c.name)) columns.push(c);
  }
  const table: CatalogTable = previous
    ? { ...previous, columns }
    : {
        database: ref.database,
        name: ref.name,
        location: `${ref.location}/`,
        format: ref.format,
        columns,
        partitionKeys: keys.map((name) => ({ name, type: "string" })),
        description: `${ref.path}: raw files as delivered, with _ingestion_timestamp and _source_file (ingested by Medallion)`,
      };
  return { table, ...(previous ? { previous } : {}) };
}

const CONTENT_TYPES = {
  csv: "text/csv",
  json: "application/x-ndjson",
  parquet: "application/vnd.apache.parquet",
};

/**
 * Reads each source file with DuckDB into local files, one per partition its rows land in, every row
 * stamped `ingestedAt`: a malformed file fails here, before anything is written to the lake.
 */
export async function prepareFiles(
  lake: Lake,
  ref: TableRef,
  source: Source,
  files: SourceFile[],
  options: { ingestedAt: Date; scratch: string; memoryLimit?: string; onProgress?: (status: string) => void },
): Promise<PreparedSource[]> {
  const engine = await openEngine("duckdb", lake.store, { memoryLimit: options.memoryLimit });
  const prepared: PreparedSource[] = [];
  try {
    await engine.exec("SET preserve_insertion_order = true; SET TimeZone = 'UTC'");
    const ctx = {
      engine,
      scratch: options.scratch,
      keys: ref.partitionKeys,
      spec: lake.tableConfig(ref.path)?.ingest,
      ingestedAt: options.ingestedAt,
      fetch: (f: SourceFile, file: string) => fetchSource(source, f, file),
      localPath: (f: SourceFile) => (source.store.kind === "local" ? f.uri : undefined),
    };
    for (const [i, file] of files.entries()) {
      options.onProgress?.(
        `reading ${i + 1}/${files.length} ${file.uri.slice(file.uri.lastIndexOf("/") + 1)}`,
      );
      prepared.push(await prepareSource(ctx, file, i));
    }
  } finally {
    await engine.close();
  }
  return prepared;
}

/** Where a prepared file is staged: `_medallion/staging/<run>/new/<table>/<partition>/<name>`. */
export const stagedKey = (runId: string, table: string, partition: string, name: string) =>
  `${stagingPrefix(runId)}new/${table}/${partition ? `${partition}/` : ""}${name}`;

let stagedUploads = 0;

/**
 * Uploads prepared files to their staging keys, each in one atomic put (an object is there whole or not
 * at all). MEDALLION_KILL_AFTER_STAGED_FILE=n kills the process with SIGKILL right after its n-th upload:
 * how the tests stop an ingest while it stages.
 */
export async function uploadStaged(
  lake: Lake,
  staged: Map<string, string>,
  format: keyof typeof CONTENT_TYPES,
  say: (status: string) => void,
): Promise<void> {
  let done = 0;
  for (const [key, file] of staged) {
    say(`staging ${++done}/${staged.size}`);
    await lake.store.put(key, createReadStream(file), { contentType: CONTENT_TYPES[format] });
    stagedUploads += 1;
    if (Number(process.env.MEDALLION_KILL_AFTER_STAGED_FILE) === stagedUploads)
      process.kill(process.pid, "SIGKILL");
  }
}

/**
 * Lands raw files in a bronze table: each source file is read with DuckDB (a malformed one fails before
 * anything is written), its rows get `_ingestion_timestamp` and `_source_file` and nothing else changes,
 * and it becomes one file per partition, in its own format. The files are staged, then committed under a
 * run journal as promotions are (src/promote/README.md), and new partitions are registered in the catalog.
 * A source file the table already holds is left out, or with `force` replaces its earlier rows.
 */
export async function ingest(
  lake: Lake,
  sourceLocation: string,
  table: string,
  options: IngestOptions = {},
): Promise<IngestResult> {
  const started = Date.now();
  if (lake.readOnly && !options.dryRun) throw new ReadOnlyError(`ingest into ${table}`);
  const ref = bronzeTable(lake, table);
  const say = options.onProgress ?? (() => undefined);
  say(`listing ${sourceLocation}`);
  const source = await openSource(lake.config, sourceLocation);
  checkSources(lake, ref, source);
  if (!options.dryRun) await refuseUnfinished(lake, ref.path);

  const byName = await objectsByName(lake, ref.path);
  const files: IngestedFile[] = [];
  const todo: SourceFile[] = [];
  for (const file of source.files) {
    const earlier = byName.get(bronzeName(file));
    if (earlier && !options.force) {
      files.push({
        source: file.uri,
        rows: 0,
        partitions: [],
        undated: 0,
        alreadyIn: earlier.map((e) => e.path),
        replaced: false,
      });
    } else todo.push(file);
  }
  const result: IngestResult = {
    table: ref.path,
    source: source.uri,
    dryRun: options.dryRun === true,
    files,
    rows: 0,
    partitionsAdded: 0,
    otherFiles: source.skipped,
    ms: 0,
  };
  if (todo.length === 0) return { ...result, ms: Date.now() - started };

  const ingestedAt = new Date();
  const scratch = await mkdtemp(path.join(tmpdir(), "medallion-ingest-"));
  try {
    const prepared = await prepareFiles(lake, ref, source, todo, { ingestedAt, scratch, ...options });
    const catalog = await lake.catalog();
    const { table: target, previous } = await catalogTable(catalog, ref, prepared);
    const registered = previous ? await catalogLocations(catalog, target) : new Map<string, string>();
    const run: PromotionRun = {
      id: newRunId(ingestedAt),
      layer: "bronze",
      target: ref.path,
      sources: [source.uri],
      engine: "duckdb",
      state: "running",
      createdAt: ingestedAt.toISOString(),
      inputs: todo.map((f) => ({
        table: f.uri,
        path: "",
        fingerprint: fingerprint([f.object]),
        objects: 1,
        bytes: f.object.size,
      })),
      outputs: [],
      steps: [],
    };
    const staged = new Map<string, string>(); // staging key → local file
    const partitions = new Map<string, OutputPartition>();
    const partition = (p: { path: string; values: (string | null)[] }) => {
      const out = partitions.get(p.path) ?? {
        path: p.path,
        values: p.values,
        stagedKeys: [],
        oldKeys: [],
        ...(registered.has(p.path) ? { registered: true } : {}),
        rows: 0,
        bytes: 0,
      };
      partitions.set(p.path, out);
      return out;
    };
    for (const p of prepared) {
      const name = bronzeName(p.source);
      const earlier = byName.get(name) ?? [];
      for (const written of p.partitions) {
        const out = partition(written);
        const key = stagedKey(run.id, ref.path, written.path, name);
        staged.set(key, written.file);
        out.stagedKeys.push(key);
        out.rows += written.rows;
        out.bytes += written.bytes;
      }
      // --force: the rows an earlier ingest of this file landed go, wherever they are.
      for (const e of earlier) {
        const values = e.path === "" ? [] : e.path.split("/").map((s) => s.slice(s.indexOf("=") + 1));
        partition({ path: e.path, values }).oldKeys.push(e.key);
      }
      result.rows += p.rows;
      files.push({
        source: p.source.uri,
        rows: p.rows,
        undated: p.undated,
        replaced: earlier.length > 0,
        partitions: p.partitions.map((w) => ({
          path: w.path,
          rows: w.rows,
          bytes: w.bytes,
          objectKey: `${ref.path}/${w.path ? `${w.path}/` : ""}${name}`,
        })),
      });
    }
    // --force may empty a partition (the file's rows moved): committed as a replacement by nothing, so
    // the catalog drops it (and a rollback brings it back).
    for (const p of partitions.values()) {
      const location = registered.get(p.path);
      if (p.stagedKeys.length > 0 || location === undefined || p.oldKeys.length < countIn(byName, p.path))
        continue;
      delete p.registered;
      p.oldLocation = location;
    }
    const output: OutputTable = {
      path: ref.path,
      role: "target",
      table: target,
      ...(previous ? { previous } : {}),
      partitions: [...partitions.values()].sort((a, b) => (a.path < b.path ? -1 : 1)),
    };
    result.partitionsAdded = ref.partitionKeys.length
      ? output.partitions.filter((p) => !p.registered && p.stagedKeys.length > 0).length
      : 0;
    if (options.dryRun) return { ...result, ms: Date.now() - started };

    run.outputs = [output];
    run.counts = { rowsIn: result.rows, rejected: 0, deduplicated: 0, rowsOut: result.rows, byRule: [] };
    const staging = journaled(lake.store, run, "stage", () => uploadStaged(lake, staged, ref.format, say));
    await staging.catch(async (err) => {
      await rollbackRun(lake.store, catalog, run).catch(() => undefined);
      throw err;
    });
    const progress: CommitProgress = (step, done, total) => say(`${step} ${done}/${total}`);
    say("committing");
    await commitRun(lake.store, catalog, run, progress);
    return { ...result, run, ms: Date.now() - started };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
