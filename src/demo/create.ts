import { randomUUID } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { MedallionError } from "../errors.js";
import { DELIVERY_MS, type DemoDay, demoDays, yesterday } from "./calendar.js";
import { registerDemoCatalog } from "./catalog.js";
import { type DemoPromotion, promoteDemo } from "./pipeline.js";
import {
  CUSTOMER_COLUMNS,
  customersSql,
  DEMO_MONTH,
  ORDER_COLUMNS,
  ordersSql,
  PAYMENT_COLUMNS,
  paymentsSql,
  setupSql,
} from "./sql.js";
import { DEMO_TABLES, DEMO_TENANT_TABLES, type DemoTable } from "./tables.js";
import { demoConfigYaml } from "./yaml.js";

export interface DemoProgress {
  phase: "generate" | "write" | "promote" | "finish";
  filesWritten: number;
  totalFiles: number;
  /** The table being written, during `write`. */
  table?: string;
}

export interface DemoOptions {
  onProgress?: (progress: DemoProgress) => void;
  /** Last day of data (UTC); default yesterday. */
  endDate?: Date;
  /** Number of days of data; default 30 (a longer history is as busy every day: more rows in all). */
  days?: number;
}

export interface DemoTableSummary {
  path: string;
  format: DemoTable["format"];
  partitionKeys: string[];
  partitions: number;
  files: number;
  rows: number;
  bytes: number;
}

export interface DemoLakeSummary {
  /** Absolute path of the lake root (where medallion.yaml is). */
  dir: string;
  tables: DemoTableSummary[];
  /** The tenants' tables (`bronze/tenant=acme/sales/orders`, …), also in the totals. */
  tenants: DemoTableSummary[];
  files: number;
  rows: number;
  bytes: number;
  firstDay: string;
  lastDay: string;
  /** First day whose order files carry `coupon_code`. */
  couponFrom: string;
  /** The silver and gold tables promoted from bronze, in order, and the time that took (part of `ms`). */
  promoted: DemoPromotion[];
  promoteMs: number;
  ms: number;
}

/** One file to write: a table, its partition values, its part number and its rows. */
interface PlannedFile {
  table: DemoTable;
  values: string[];
  fileNo: number;
  dayIndex: number;
  rows: number;
}

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

function isEmptyDir(dir: string): boolean {
  return statSync(dir).isDirectory() && readdirSync(dir).length === 0;
}

function refuseNonEmpty(dir: string): void {
  if (existsSync(dir) && !isEmptyDir(dir)) {
    throw new MedallionError(
      "conflict",
      `${dir} already exists and is not empty: choose a new folder for the demo lake`,
    );
  }
}

function fileName(table: DemoTable, fileNo: number, jobId: string): string {
  const part = `part-${String(fileNo).padStart(5, "0")}`;
  // Spark names its output part-<task>-<job uuid>-c000.<codec>.parquet, one uuid per job.
  return table.format === "parquet" ? `${part}-${jobId}-c000.snappy.parquet` : `${part}.${table.format}`;
}

const filter = (table: DemoTable) => (table.where ? `WHERE ${table.where}` : "");

function columnsFor(table: DemoTable, dayIndex: number, couponFromDay: number): string[] {
  if (table.source === "orders")
    return dayIndex >= couponFromDay ? [...ORDER_COLUMNS, "coupon_code"] : ORDER_COLUMNS;
  if (table.source === "customers") return CUSTOMER_COLUMNS;
  return PAYMENT_COLUMNS;
}

function copyOptions(table: DemoTable): string {
  if (table.format === "json") return "FORMAT json";
  if (table.format === "csv") return "FORMAT csv, HEADER true";
  return "FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 2048, KV_METADATA {source: 'medallion demo: payments export'}";
}

function dirStats(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files += 1;
    bytes += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}

/**
 * Puts the finished lake at `target`: one rename when it does not exist. An empty folder that exists is
 * kept (it may be a shell's current folder: replacing it would leave that shell in a deleted folder) and
 * filled by renaming each entry into it, medallion.yaml last, so a run killed in between leaves no lake
 * that says it is one.
 */
function moveIntoPlace(work: string, target: string): void {
  if (!existsSync(target)) {
    renameSync(work, target);
    return;
  }
  const entries = readdirSync(work).sort(
    (a, b) => Number(a === "medallion.yaml") - Number(b === "medallion.yaml"),
  );
  for (const entry of entries) renameSync(path.join(work, entry), path.join(target, entry));
  rmdirSync(work);
}

/**
 * Writes a realistic local lake (bronze/sales orders, customers, payments, plus medallion.yaml) into `dir`.
 * Everything is written into a temp folder next to `dir` and renamed into place at the end (see
 * moveIntoPlace), so a killed run leaves no half-written lake at `dir`: at worst, in a folder that existed,
 * folders without the medallion.yaml that would make them a lake. Refuses a `dir` that is not empty.
 */
export async function createDemoLake(dir: string, options: DemoOptions = {}): Promise<DemoLakeSummary> {
  const started = Date.now();
  const target = path.resolve(dir);
  refuseNonEmpty(target);
  const days = demoDays(options.endDate ?? yesterday(), options.days ?? DEMO_MONTH);
  const couponFromDay = Math.floor(days.length / 2);
  const report = (p: DemoProgress) => options.onProgress?.(p);

  const tmpRoot = path.join(path.dirname(target), ".medallion-tmp");
  let work: string;
  try {
    mkdirSync(tmpRoot, { recursive: true });
    work = mkdtempSync(path.join(tmpRoot, "demo-"));
  } catch (err) {
    throw new MedallionError("usage", `cannot create the demo lake in ${target}: ${(err as Error).message}`);
  }
  try {
    report({ phase: "generate", filesWritten: 0, totalFiles: 0 });
    const planned = await writeTables(work, days, couponFromDay, report);
    writeFileSync(path.join(work, "medallion.yaml"), demoConfigYaml(DEMO_TABLES));
    const summarize = (table: DemoTable): DemoTableSummary => {
      const mine = planned.filter((f) => f.table === table);
      const stats = dirStats(path.join(work, table.path));
      return {
        path: table.path,
        format: table.format,
        partitionKeys: table.partitionKeys,
        partitions: new Set(mine.map((f) => f.values.join("/"))).size,
        files: stats.files,
        rows: mine.reduce((n, f) => n + f.rows, 0),
        bytes: stats.bytes,
      };
    };
    const tables = DEMO_TABLES.map(summarize);
    const tenants = DEMO_TENANT_TABLES.map(summarize);
    const all = [...tables, ...tenants];
    refuseNonEmpty(target); // someone may have written there while we worked
    moveIntoPlace(work, target);
    await registerDemoCatalog(target); // after the rename: catalog locations name the lake where it stays
    report({ phase: "promote", filesWritten: planned.length, totalFiles: planned.length });
    const promoteStarted = Date.now();
    const promoted = await promoteDemo(target, days);
    const promoteMs = Date.now() - promoteStarted;
    report({ phase: "finish", filesWritten: planned.length, totalFiles: planned.length });
    return {
      dir: target,
      tables,
      tenants,
      files: all.reduce((n, t) => n + t.files, 0),
      rows: all.reduce((n, t) => n + t.rows, 0),
      bytes: all.reduce((n, t) => n + t.bytes, 0),
      firstDay: days[0]?.date ?? "",
      lastDay: days.at(-1)?.date ?? "",
      couponFrom: days[couponFromDay]?.date ?? "",
      promoted,
      promoteMs,
      ms: Date.now() - started,
    };
  } catch (err) {
    rmSync(work, { recursive: true, force: true });
    if (err instanceof MedallionError) throw err;
    throw new MedallionError("usage", `cannot create the demo lake in ${target}: ${(err as Error).message}`, {
      cause: err,
    });
  } finally {
    try {
      rmdirSync(tmpRoot); // only when empty: other runs may be using it
    } catch {
      // not empty or already gone
    }
  }
}

async function writeTables(
  work: string,
  days: DemoDay[],
  couponFromDay: number,
  report: (p: DemoProgress) => void,
): Promise<PlannedFile[]> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  // A long history's rows live in a database file beside the work folder, not in memory: two years of
  // them took 2.8 GB of RAM; on disk, DuckDB keeps to its limit and pages the rest.
  const rowsDir = mkdtempSync(path.join(path.dirname(work), "rows-"));
  const instance =
    days.length > DEMO_MONTH
      ? await DuckDBInstance.create(path.join(rowsDir, "rows.duckdb"), {
          memory_limit: "1GB",
          temp_directory: path.join(rowsDir, "spill"),
        })
      : await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  try {
    for (const sql of [...setupSql(days), ...ordersSql(couponFromDay), ...customersSql(), ...paymentsSql()]) {
      await db.run(sql);
    }
    // Each file's rows stored together: its COPY below then reads only their row groups (DuckDB's zone
    // maps), not the whole source once per file, which grew with the square of the history.
    for (const table of DEMO_TABLES) {
      await db.run(
        `CREATE OR REPLACE TABLE ${table.source} AS FROM ${table.source} ORDER BY ${table.partitionKeys.join(", ")}, file_no, seq`,
      );
    }
    const planned: PlannedFile[] = [];
    for (const table of [...DEMO_TABLES, ...DEMO_TENANT_TABLES]) {
      const keys = table.partitionKeys.join(", ");
      const reader = await db.runAndReadAll(
        `SELECT ${keys}, file_no, min(day_idx) AS day_idx, count(*) AS n FROM ${table.source} ${filter(table)} GROUP BY ALL ORDER BY ALL`,
      );
      for (const row of reader.getRows()) {
        const values = row.slice(0, table.partitionKeys.length).map(String);
        const [fileNo, dayIndex, rows] = row.slice(table.partitionKeys.length).map(Number);
        planned.push({ table, values, fileNo: fileNo ?? 0, dayIndex: dayIndex ?? 0, rows: rows ?? 0 });
      }
    }
    const jobId = randomUUID();
    let written = 0;
    for (const file of planned) {
      const { table } = file;
      const folder = path.join(
        work,
        table.path,
        ...table.partitionKeys.map((k, i) => `${k}=${file.values[i]}`),
      );
      mkdirSync(folder, { recursive: true });
      const where = [
        ...table.partitionKeys.map((k, i) => `${k} = ${quote(file.values[i] ?? "")}`),
        `file_no = ${file.fileNo}`,
        ...(table.where ? [`(${table.where})`] : []),
      ];
      const columns = columnsFor(table, file.dayIndex, couponFromDay).join(", ");
      const target = path.join(folder, fileName(table, file.fileNo, jobId));
      await db.run(
        `COPY (SELECT ${columns} FROM ${table.source} WHERE ${where.join(" AND ")} ORDER BY seq) TO ${quote(target)} (${copyOptions(table)})`,
      );
      // Delivered the morning after its day: the file's age is what a lifecycle rule and the what-if read.
      const delivered = new Date(Date.parse(`${days[file.dayIndex]?.date ?? ""}T00:00:00Z`) + DELIVERY_MS);
      if (!Number.isNaN(delivered.getTime())) utimesSync(target, delivered, delivered);
      written += 1;
      report({ phase: "write", filesWritten: written, totalFiles: planned.length, table: table.path });
    }
    return planned;
  } finally {
    db.closeSync();
    instance.closeSync();
    rmSync(rowsDir, { recursive: true, force: true });
  }
}

/** The demo lake at `dir`: created when missing (or empty), kept when it already holds a medallion.yaml. */
export async function ensureDemoLake(
  dir: string,
  options: DemoOptions = {},
): Promise<{ created: boolean; dir: string; summary?: DemoLakeSummary }> {
  const target = path.resolve(dir);
  if (existsSync(path.join(target, "medallion.yaml"))) return { created: false, dir: target };
  const summary = await createDemoLake(target, options);
  return { created: true, dir: target, summary };
}
