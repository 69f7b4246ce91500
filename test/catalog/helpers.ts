import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Catalog, CatalogPartition, CatalogTable } from "../../src/catalog/catalog.js";

export function tempDir(name: string): string {
  return mkdtempSync(path.join(tmpdir(), `medallion-${name}-`));
}

export async function allPartitions(
  catalog: Catalog,
  database: string,
  table: string,
): Promise<CatalogPartition[]> {
  const out: CatalogPartition[] = [];
  for await (const page of catalog.listPartitions(database, table)) out.push(...page);
  return out;
}

export function ordersTable(database: string, overrides: Partial<CatalogTable> = {}): CatalogTable {
  return {
    database,
    name: "sales_orders",
    location: "s3://lake/silver/sales/orders/",
    format: "parquet",
    columns: [
      { name: "order_id", type: "bigint" },
      { name: "amount", type: "decimal(10,2)" },
    ],
    partitionKeys: [
      { name: "year", type: "string" },
      { name: "month", type: "string" },
    ],
    ...overrides,
  };
}

/** `count` partitions year=2000+i/12, month=01..12, located under the table. */
export function monthlyPartitions(count: number, base = "s3://lake/silver/sales/orders"): CatalogPartition[] {
  return Array.from({ length: count }, (_, i) => {
    const year = String(2000 + Math.floor(i / 12));
    const month = String((i % 12) + 1).padStart(2, "0");
    return {
      values: [year, month],
      location: `${base}/year=${year}/month=${month}/`,
      format: "parquet" as const,
    };
  });
}

export const sortedKeys = (partitions: { values: string[] }[]) =>
  partitions.map((p) => p.values.join("/")).sort();

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Resolves when the child prints `line`. */
  printed(line: string): Promise<void>;
  done: Promise<void>;
}

/** Runs a TypeScript fixture in a separate node process (a second Medallion process). */
export function runFixture(fixture: string, args: string[]): ChildRun {
  const here = path.dirname(new URL(import.meta.url).pathname);
  const child = spawn(
    process.execPath,
    [
      "--import",
      path.join(here, "fixtures", "register-ts.mjs"),
      path.join(here, "fixtures", fixture),
      ...args,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const run = { code: null, signal: null, stdout: "", stderr: "" } as ChildRun;
  const waiters: { line: string; resolve: () => void }[] = [];
  child.stdout.on("data", (d: Buffer) => {
    run.stdout += d.toString();
    for (const w of waiters) if (run.stdout.split("\n").includes(w.line)) w.resolve();
  });
  child.stderr.on("data", (d: Buffer) => {
    run.stderr += d.toString();
  });
  run.done = new Promise((resolve) => {
    child.on("close", (code, signal) => {
      run.code = code;
      run.signal = signal;
      resolve();
    });
  });
  run.printed = (line) =>
    new Promise<void>((resolve, reject) => {
      if (run.stdout.split("\n").includes(line)) return resolve();
      waiters.push({ line, resolve });
      void run.done.then(() => reject(new Error(`child exited before printing ${line}: ${run.stderr}`)));
    });
  return run;
}
